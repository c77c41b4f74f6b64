using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Attribute and item lookup, iteration, length and membership with Jinja's rules.</summary>
internal static partial class Py
{
    private static readonly string[] CharStrings = Enumerable.Range(0, 128).Select(i => ((char)i).ToString()).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Mapping? AsMapping(object? v) => v switch
    {
        IDictionary d => new Mapping(d),
        IReadOnlyDictionary<string, object?> ro => new Mapping(ro),
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsMapping(object? v) => v is IDictionary or IReadOnlyDictionary<string, object?>;

    /// <summary>jinja2 Environment.getattr: Python attribute first, then item.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? GetAttr(object? obj, string name, bool strict)
    {
        if (obj is Dictionary<string, object?> fast && !Methods.IsDictMethod(name))
        {
            return fast.TryGetValue(name, out var fv) ? fv : Undefined.ForAttribute(obj, name, strict);
        }
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case IPyObject o:
                return o.TryGetAttr(name, out var v) ? v : Undefined.ForAttribute(obj, name, strict);
            case PyTuple { FieldNames: { } fields } nt when Array.IndexOf(fields, name) is var fi and >= 0:
                return nt[fi];
        }
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            // Sandbox: no dunder access, so no reflection-like escapes.
            return Undefined.ForAttribute(obj, name, strict);
        }
        if (Methods.Has(obj, name))
        {
            return new BoundMethod(obj!, name);
        }
        if (AsMapping(obj) is { } m && m.TryGet(name, out var item))
        {
            return item;
        }
        if (name is "real" or "imag" && IsNumber(obj) && obj is not bool)
        {
            return name == "real" ? obj : 0L;
        }
        return Undefined.ForAttribute(obj, name, strict);
    }

    /// <summary>jinja2 Environment.getitem: item first, then attribute for string keys.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? GetItem(object? obj, object? key, bool strict)
    {
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case string s:
                if (key is Slice sl)
                {
                    return SliceString(s, sl);
                }
                if (IsIndex(key, out var si))
                {
                    if (HasSurrogates(s))
                    {
                        var points = CodePoints(s);
                        if (si < 0)
                        {
                            si += points.Count;
                        }
                        return si >= 0 && si < points.Count ? points[(int)si] : Undefined.ForAttribute(obj, Str(key), strict);
                    }
                    if (si < 0)
                    {
                        si += s.Length;
                    }
                    if (si >= 0 && si < s.Length)
                    {
                        var c = s[(int)si];
                        return c < 128 ? CharStrings[c] : c.ToString();
                    }
                    return Undefined.ForAttribute(obj, Str(key), strict);
                }
                break;
            case Markup mk:
                if (key is Slice msl)
                {
                    return new Markup(SliceString(mk.Value, msl));
                }
                if (IsIndex(key, out var mi))
                {
                    return GetItem(mk.Value, mi, strict) is string ms ? new Markup(ms) : Undefined.ForAttribute(obj, Str(key), strict);
                }
                break;
            case IList l:
                if (key is Slice lsl)
                {
                    var items = SliceList(l, lsl);
                    return obj is PyTuple ? new PyTuple(items.ToArray()) : items;
                }
                if (IsIndex(key, out var li))
                {
                    if (li < 0)
                    {
                        li += l.Count;
                    }
                    if (li >= 0 && li < l.Count)
                    {
                        return l[(int)li];
                    }
                    return Undefined.ForAttribute(obj, Str(key), strict);
                }
                break;
            case IPyObject:
                break;
            case not null when key is Slice:
                // Jinja compiles slices to a direct Python subscript: no undefined fallback.
                throw TypeError(IsMapping(obj) ? "unhashable type: 'slice'" : $"'{TypeName(obj)}' object is not subscriptable");
            case Dictionary<string, object?> fd:
                if (key is string fk && fd.TryGetValue(fk, out var fv))
                {
                    return fv;
                }
                break;
            default:
                if (AsMapping(obj) is { } m)
                {
                    if (m.TryGet(key, out var v))
                    {
                        return v;
                    }
                }
                break;
        }
        if (AsString(key) is { } name)
        {
            return GetAttr(obj, name, strict);
        }
        return Undefined.ForAttribute(obj, Str(key), strict);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsIndex(object? key, out long index)
    {
        switch (key)
        {
            case long l: index = l; return true;
            case int i: index = i; return true;
            case bool b: index = b ? 1 : 0; return true;
            default: index = 0; return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IEnumerable<object?> Iterate(object? v)
    {
        switch (v)
        {
            case IList l:
                return l as IEnumerable<object?> ?? l.Cast<object?>();
            case string s:
                return IterateString(s);
            case IDictionary d:
                return new Mapping(d).Keys();
            case IReadOnlyDictionary<string, object?> ro:
                return ro.Keys;
            case Markup m:
                return IterateString(m.Value);
            case Undefined u:
                return u.Strict ? throw u.Fail() : [];
            case IEnumerable<object?> e:
                return e;
            case IPyObject and IEnumerable pe:
                return pe.Cast<object?>();
            case IEnumerable e2 when v is not IPyObject:
                return e2.Cast<object?>();
            default:
                throw TypeError($"'{TypeName(v)}' object is not iterable");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsIterable(object? v) => v is Markup || (v is IEnumerable or Undefined && v is not IPyObject) || v is IPyObject and IEnumerable;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IEnumerable<object?> IterateString(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length)
            {
                yield return s.Substring(i++, 2);
            }
            else
            {
                yield return c < 128 ? CharStrings[c] : c.ToString();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<object?> ToList(object? v)
    {
        if (v is IList l)
        {
            var list = new List<object?>(l.Count);
            foreach (var x in l)
            {
                list.Add(x);
            }
            return list;
        }
        return [.. Iterate(v)];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Length(object? v)
    {
        switch (v)
        {
            case string s: return StringLength(s);
            case Markup m: return StringLength(m.Value);
            case ICollection c: return c.Count;
            case IReadOnlyCollection<KeyValuePair<string, object?>> rc: return rc.Count;
            case Undefined u: return u.Strict ? throw u.Fail() : 0;
            default: throw TypeError($"object of type '{TypeName(v)}' has no len()");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int StringLength(string s)
    {
        var n = s.Length;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
            {
                n--;
            }
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string s:
                return AsString(item) is { } sub ? s.Contains(sub, StringComparison.Ordinal)
                    : throw TypeError($"'in <string>' requires string as left operand, not {TypeName(item)}");
            case Markup m:
                return AsString(item) is { } msub ? m.Value.Contains(msub, StringComparison.Ordinal)
                    : throw TypeError($"'in <string>' requires string as left operand, not {TypeName(item)}");
            case IList l:
                foreach (var x in l)
                {
                    if (Equals(x, item))
                    {
                        return true;
                    }
                }
                return false;
            case Undefined u:
                return u.Strict ? throw u.Fail() : false;
        }
        if (AsMapping(container) is { } map)
        {
            if (item is Undefined { Strict: true } strictItem)
            {
                // Hashing a StrictUndefined fails in Jinja.
                throw strictItem.Fail();
            }
            if (item is IDictionary or IReadOnlyDictionary<string, object?> || (item is IList && item is not PyTuple))
            {
                throw TypeError($"unhashable type: '{TypeName(item)}'");
            }
            return map.ContainsKey(item);
        }
        if (container is IEnumerable e && container is not IPyObject)
        {
            foreach (var x in e)
            {
                if (Equals(x, item))
                {
                    return true;
                }
            }
            return false;
        }
        throw TypeError($"argument of type '{TypeName(container)}' is not iterable");
    }

    private static (long Start, long Stop, long Step) SliceBounds(Slice s, long len)
    {
        var step = s.Step is null ? 1 : ToLongIndex(s.Step);
        if (step == 0)
        {
            throw new TemplateRuntimeException("slice step cannot be zero");
        }
        long start, stop;
        if (step > 0)
        {
            start = s.Start is null ? 0 : Clamp(ToLongIndex(s.Start), len, 0, len);
            stop = s.Stop is null ? len : Clamp(ToLongIndex(s.Stop), len, 0, len);
        }
        else
        {
            start = s.Start is null ? len - 1 : Clamp(ToLongIndex(s.Start), len, -1, len - 1);
            stop = s.Stop is null ? -1 : Clamp(ToLongIndex(s.Stop), len, -1, len - 1);
        }
        return (start, stop, step);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Clamp(long i, long len, long lo, long hi)
    {
        if (i < 0)
        {
            i += len;
        }
        return Math.Clamp(i, lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ToLongIndex(object? v)
    {
        if (v is null)
        {
            return 0;
        }
        if (IsIndex(v, out var l))
        {
            return l;
        }
        CheckDefined(v);
        throw TypeError("slice indices must be integers or None or have an __index__ method");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<object?> SliceList(IList l, Slice s)
    {
        var (start, stop, step) = SliceBounds(s, l.Count);
        var result = new List<object?>();
        if (step > 0)
        {
            for (var i = start; i < stop; i += step)
            {
                result.Add(l[(int)i]);
            }
        }
        else
        {
            for (var i = start; i > stop; i += step)
            {
                result.Add(l[(int)i]);
            }
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The string as Python sees it: one element per code point.</summary>
    public static List<object?> CodePoints(string s) => [.. IterateString(s)];

    public static string SliceString(string str, Slice s)
    {
        if (HasSurrogates(str))
        {
            return string.Concat(SliceList(CodePoints(str), s).Cast<string>());
        }
        var (start, stop, step) = SliceBounds(s, str.Length);
        if (step == 1)
        {
            return start < stop ? str.Substring((int)start, (int)(stop - start)) : string.Empty;
        }
        var sb = new StringBuilder();
        if (step > 0)
        {
            for (var i = start; i < stop; i += step)
            {
                sb.Append(str[(int)i]);
            }
        }
        else
        {
            for (var i = start; i > stop; i += step)
            {
                sb.Append(str[(int)i]);
            }
        }
        return sb.ToString();
    }
}
