using System.Collections;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Python list (and tuple) methods.</summary>
internal static class ListMethods
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Invoke(IList list, string name, CallArgs args)
    {
        switch (name)
        {
            case "count":
            {
                var a = args.Bind("count", ["value"], [CallArgs.Required]);
                var n = 0L;
                foreach (var x in list)
                {
                    if (Py.Equals(x, a[0]))
                    {
                        n++;
                    }
                }
                return n;
            }
            case "index":
            {
                var a = args.Bind("index", ["value", "start", "stop"], [CallArgs.Required, 0L, (long)list.Count]);
                for (var i = (int)Math.Max(0, Py.ToLong(a[1])); i < Math.Min(list.Count, Py.ToLong(a[2])); i++)
                {
                    if (Py.Equals(list[i], a[0]))
                    {
                        return (long)i;
                    }
                }
                throw new TemplateRuntimeException($"{Py.Repr(a[0])} is not in list");
            }
        }
        if (list is PyTuple || list.IsReadOnly || list.IsFixedSize)
        {
            if (name == "copy")
            {
                return Py.ToList(list);
            }
            throw new TemplateRuntimeException($"'{Py.TypeName(list)}' object has no attribute '{name}'");
        }
        switch (name)
        {
            case "append":
                list.Add(args.Bind("append", ["object"], [CallArgs.Required])[0]);
                return null;
            case "extend":
                foreach (var x in Py.ToList(args.Bind("extend", ["iterable"], [CallArgs.Required])[0]))
                {
                    list.Add(x);
                }
                return null;
            case "insert":
            {
                var a = args.Bind("insert", ["index", "object"], [CallArgs.Required, CallArgs.Required]);
                var i = Py.ToLong(a[0]);
                if (i < 0)
                {
                    i = Math.Max(0, i + list.Count);
                }
                list.Insert((int)Math.Min(i, list.Count), a[1]);
                return null;
            }
            case "pop":
            {
                var a = args.Bind("pop", ["index"], [-1L]);
                if (list.Count == 0)
                {
                    throw new TemplateRuntimeException("pop from empty list");
                }
                var i = Py.ToLong(a[0]);
                if (i < 0)
                {
                    i += list.Count;
                }
                if (i < 0 || i >= list.Count)
                {
                    throw new TemplateRuntimeException("pop index out of range");
                }
                var v = list[(int)i];
                list.RemoveAt((int)i);
                return v;
            }
            case "remove":
            {
                var a = args.Bind("remove", ["value"], [CallArgs.Required]);
                for (var i = 0; i < list.Count; i++)
                {
                    if (Py.Equals(list[i], a[0]))
                    {
                        list.RemoveAt(i);
                        return null;
                    }
                }
                throw new TemplateRuntimeException("list.remove(x): x not in list");
            }
            case "reverse":
            {
                args.ExpectNone("reverse");
                var items = Py.ToList(list);
                items.Reverse();
                for (var i = 0; i < items.Count; i++)
                {
                    list[i] = items[i];
                }
                return null;
            }
            case "sort":
            {
                var a = args.Bind("sort", ["key", "reverse"], [null, false]);
                if (a[0] is not null)
                {
                    throw new TemplateRuntimeException("sort(key=...) is not supported in templates");
                }
                var items = Py.ToList(list);
                var sorted = Py.StableSort(items, x => x, Py.Truthy(a[1]));
                for (var i = 0; i < sorted.Count; i++)
                {
                    list[i] = sorted[i];
                }
                return null;
            }
            case "copy":
                args.ExpectNone("copy");
                return Py.ToList(list);
            case "clear":
                args.ExpectNone("clear");
                list.Clear();
                return null;
            default:
                throw new TemplateRuntimeException($"'list' object has no attribute '{name}'");
        }
    }
}
