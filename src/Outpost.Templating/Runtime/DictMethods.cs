using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Python dict methods.</summary>
internal static class DictMethods
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Invoke(Mapping map, string name, CallArgs args)
    {
        switch (name)
        {
            case "items":
                args.ExpectNone("items");
                return DictView.Items(map);
            case "keys":
                args.ExpectNone("keys");
                return new DictView("dict_keys", map.Keys());
            case "values":
                args.ExpectNone("values");
                return new DictView("dict_values", map.Values());
            case "get":
            {
                var a = args.Bind("get", ["key", "default"], [CallArgs.Required, null]);
                return map.TryGet(a[0], out var v) ? v : a[1];
            }
            case "copy":
                args.ExpectNone("copy");
                return Copy(map);
            case "pop":
            {
                var a = args.Bind("pop", ["key", "default"], [CallArgs.Required, null]);
                var d = Mutable(map);
                if (map.TryGet(a[0], out var v))
                {
                    d.Remove(Mapping.NormalizeKey(a[0])!);
                    return v;
                }
                if (args.Count >= 2)
                {
                    return a[1];
                }
                throw new TemplateRuntimeException($"KeyError: {Py.Repr(a[0])}");
            }
            case "setdefault":
            {
                var a = args.Bind("setdefault", ["key", "default"], [CallArgs.Required, null]);
                if (map.TryGet(a[0], out var v))
                {
                    return v;
                }
                Set(Mutable(map), a[0], a[1]);
                return a[1];
            }
            case "update":
            {
                var d = Mutable(map);
                foreach (var p in args.Positional)
                {
                    if (Py.AsMapping(p) is { } other)
                    {
                        foreach (var (k, v) in other.Items().ToList())
                        {
                            Set(d, k, v);
                        }
                    }
                    else
                    {
                        foreach (var pair in Py.Iterate(p))
                        {
                            var kv = Py.ToList(pair);
                            if (kv.Count != 2)
                            {
                                throw new TemplateRuntimeException("dictionary update sequence element has wrong length");
                            }
                            Set(d, kv[0], kv[1]);
                        }
                    }
                }
                foreach (var (k, v) in args.Named ?? [])
                {
                    Set(d, k, v);
                }
                return null;
            }
            case "clear":
                args.ExpectNone("clear");
                Mutable(map).Clear();
                return null;
            case "popitem":
            {
                args.ExpectNone("popitem");
                var d = Mutable(map);
                var last = map.Items().LastOrDefault();
                if (map.Count == 0)
                {
                    throw new TemplateRuntimeException("KeyError: 'popitem(): dictionary is empty'");
                }
                d.Remove(last.Key!);
                return new PyTuple([last.Key, last.Value]);
            }
            default:
                throw new TemplateRuntimeException($"'dict' object has no attribute '{name}'");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Dictionary<string, object?> Copy(Mapping map)
    {
        var d = new Dictionary<string, object?>();
        foreach (var (k, v) in map.Items())
        {
            d[k as string ?? Py.Str(k)] = v;
        }
        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Set(System.Collections.IDictionary d, object? key, object? value)
    {
        var k = Mapping.NormalizeKey(key);
        if (k is null)
        {
            throw new TemplateRuntimeException("None is not supported as a dictionary key");
        }
        try
        {
            d[k] = value;
        }
        catch (ArgumentException)
        {
            throw new TemplateRuntimeException($"unsupported dictionary key {Py.Repr(key)}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static System.Collections.IDictionary Mutable(Mapping map)
        => map.Mutable ?? throw new TemplateRuntimeException("this dictionary cannot be modified");
}
