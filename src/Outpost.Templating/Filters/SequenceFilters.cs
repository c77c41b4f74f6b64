using System.Collections;
using System.Runtime.CompilerServices;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Filters;

/// <summary>Builtin filters over sequences and mappings.</summary>
internal static partial class BuiltinFilters
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object?[]> AttributePaths = new(StringComparer.Ordinal);

    private static int s_attributePathCount;

    // ConcurrentDictionary.Count takes every lock, so the size bound is tracked separately.
    private static object?[] CachedPath(string s)
    {
        if (AttributePaths.TryGetValue(s, out var parts))
        {
            return parts;
        }
        parts = ParsePath(s);
        if (Volatile.Read(ref s_attributePathCount) < 10_000 && AttributePaths.TryAdd(s, parts))
        {
            Interlocked.Increment(ref s_attributePathCount);
        }
        return parts;
    }

    private static object?[] ParsePath(string s)
        => s.Split('.').Select(p => p.Length > 0 && p.All(char.IsAsciiDigit) ? (object?)long.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : p).ToArray();

    /// <summary>jinja2.filters.make_attrgetter: dotted path, digit parts as indexes, optional default and lowercasing.</summary>
    public static Func<object?, object?> AttrGetter(Frame frame, object? attribute, object? defaultValue = null, bool ignoreCase = false)
    {
        object?[] parts = attribute switch
        {
            null => [],
            string s when s.Length <= 200 => CachedPath(s),
            string s => ParsePath(s),
            _ => [attribute],
        };
        var strict = frame.Ctx.Strict;
        return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (item) =>
        {
            foreach (var p in parts)
            {
                item = Py.GetItem(item, p, strict);
            }
            if (defaultValue is not null && item is Undefined)
            {
                item = defaultValue;
            }
            return ignoreCase ? IgnoreCase(item) : item;
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? IgnoreCase(object? v) => v switch
    {
        string s => s.ToLowerInvariant(),
        Markup m => new Markup(m.Value.ToLowerInvariant()),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Batch(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("batch", ["linecount", "fill_with"], [CallArgs.Required, null]);
        var n = (int)Py.ToLong(args[0]);
        var result = new List<object?>();
        var tmp = new List<object?>();
        foreach (var item in Py.Iterate(v))
        {
            if (tmp.Count == n)
            {
                result.Add(tmp);
                tmp = [];
            }
            tmp.Add(item);
        }
        if (tmp.Count > 0)
        {
            if (args[1] is not null)
            {
                while (tmp.Count < n)
                {
                    tmp.Add(args[1]);
                }
            }
            result.Add(tmp);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? SliceFilter(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("slice", ["slices", "fill_with"], [CallArgs.Required, null]);
        var seq = Py.ToList(v);
        var slices = (int)Py.ToLong(args[0]);
        if (slices <= 0)
        {
            throw new TemplateRuntimeException("integer division or modulo by zero");
        }
        var per = seq.Count / slices;
        var extra = seq.Count % slices;
        var offset = 0;
        var result = new List<object?>();
        for (var i = 0; i < slices; i++)
        {
            var start = offset + (i * per);
            if (i < extra)
            {
                offset++;
            }
            var end = offset + ((i + 1) * per);
            var tmp = seq.GetRange(start, end - start);
            if (args[1] is not null && i >= extra)
            {
                tmp.Add(args[1]);
            }
            result.Add(tmp);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? DictSort(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("dictsort", ["case_sensitive", "by", "reverse"], [false, "key", false]);
        var by = Py.Str(args[1]);
        var pos = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new TemplateRuntimeException("You can only sort by either \"key\" or \"value\""),
        };
        var map = Py.AsMapping(v) ?? throw new TemplateRuntimeException($"'{Py.TypeName(v)}' object has no attribute 'items'");
        var items = new List<object?>(map.Count);
        foreach (var (k, val) in map.Items())
        {
            items.Add(new PyTuple([k, val]));
        }
        var cs = Py.Truthy(args[0]);
        return Py.StableSort(items, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) => { var x = ((PyTuple)t!).Items[pos]; return cs ? x : IgnoreCase(x); }, Py.Truthy(args[2]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? First(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("first");
        foreach (var x in Py.Iterate(v))
        {
            return x;
        }
        return Undefined.WithHint("No first item, sequence was empty.", frame.Ctx.Strict);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Last(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("last");
        if (v is IList l)
        {
            return l.Count > 0 ? l[l.Count - 1] : Undefined.WithHint("No last item, sequence was empty.", frame.Ctx.Strict);
        }
        var list = Py.ToList(v);
        return list.Count > 0 ? list[^1] : Undefined.WithHint("No last item, sequence was empty.", frame.Ctx.Strict);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? GroupBy(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("groupby", ["attribute", "default", "case_sensitive"], [CallArgs.Required, null, false]);
        var cs = Py.Truthy(args[2]);
        var key = AttrGetter(frame, args[0], args[1], !cs);
        var outKey = AttrGetter(frame, args[0], args[1]);
        var sorted = Py.StableSort(Py.ToList(v), key, false);
        var groups = new List<object?>();
        object? currentKey = null;
        List<object?>? current = null;
        foreach (var item in sorted)
        {
            var k = key(item);
            if (current is null || !Py.Equals(k, currentKey))
            {
                if (current is not null)
                {
                    groups.Add(MakeGroup(current, currentKey, cs, outKey));
                }
                current = [];
                currentKey = k;
            }
            current.Add(item);
        }
        if (current is not null)
        {
            groups.Add(MakeGroup(current, currentKey, cs, outKey));
        }
        return groups;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PyTuple MakeGroup(List<object?> items, object? key, bool caseSensitive, Func<object?, object?> outKey)
        => new([caseSensitive ? key : outKey(items[0]), items], ["grouper", "list"]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Items(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("items");
        if (v is Undefined)
        {
            // Jinja's items() yields nothing for any undefined, strict or not.
            return new List<object?>();
        }
        var map = Py.AsMapping(v) ?? throw new TemplateRuntimeException("Can only get item pairs from a mapping.");
        return map.Items().Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Join(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("join", ["d", "attribute"], [string.Empty, null]);
        var sep = Py.Str(args[0]);
        IEnumerable<object?> items = Py.Iterate(v);
        if (args[1] is not null)
        {
            items = items.Select(AttrGetter(frame, args[1]));
        }
        var sb = BuilderPool.Rent();
        var first = true;
        foreach (var x in items)
        {
            if (!first)
            {
                sb.Append(sep);
            }
            first = false;
            sb.Append(Py.Str(x));
        }
        return BuilderPool.ToStringAndReturn(sb);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Map(Frame frame, object? v, CallArgs a)
    {
        Func<object?, object?> func;
        if (a.Positional.Length == 0 && a.TryGetNamed("attribute", out var attribute))
        {
            a.TryGetNamed("default", out var dflt);
            if (a.Named!.Any(kv => kv.Key is not ("attribute" or "default")))
            {
                throw new TemplateRuntimeException($"Unexpected keyword argument {Py.Repr(a.Named!.First(kv => kv.Key is not ("attribute" or "default")).Key)}");
            }
            func = AttrGetter(frame, attribute, dflt);
        }
        else
        {
            if (a.Positional.Length == 0)
            {
                throw new TemplateRuntimeException("map requires a filter argument");
            }
            var name = Py.Str(a.Positional[0]);
            if (!TryGet(name, out var filter))
            {
                throw new TemplateRuntimeException($"No filter named '{name}'.");
            }
            var rest = new CallArgs(a.Positional[1..], a.Named);
            func = item => filter(frame, item, rest);
        }
        if (v is Undefined { Strict: false } || !Py.Truthy(v))
        {
            return new List<object?>();
        }
        return Py.Iterate(v).Select(func).ToList();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? MinMax(Frame frame, object? v, CallArgs a, string which)
    {
        var args = a.Bind(which, ["case_sensitive", "attribute"], [false, null]);
        var items = Py.ToList(v);
        if (items.Count == 0)
        {
            return Undefined.WithHint("No aggregated item, sequence was empty.", frame.Ctx.Strict);
        }
        var key = AttrGetter(frame, args[1], null, !Py.Truthy(args[0]));
        var best = items[0];
        var bestKey = key(best);
        for (var i = 1; i < items.Count; i++)
        {
            var k = key(items[i]);
            var c = Py.Compare(k, bestKey, which == "max" ? ">" : "<");
            if (c != 2 && (which == "max" ? c > 0 : c < 0))
            {
                best = items[i];
                bestKey = k;
            }
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? RandomItem(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("random");
        var items = Py.ToList(v);
        if (items.Count == 0)
        {
            throw new TemplateRuntimeException("Cannot choose from an empty sequence");
        }
        return items[Random.Shared.Next(items.Count)];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Select(Frame frame, object? v, CallArgs a, bool keep, bool attrMode)
    {
        var pos = a.Positional;
        var off = 0;
        Func<object?, object?> trans = x => x;
        if (attrMode)
        {
            if (pos.Length == 0)
            {
                throw new TemplateRuntimeException("Missing parameter for attribute name");
            }
            trans = AttrGetter(frame, pos[0]);
            off = 1;
        }
        Func<object?, bool> test;
        if (pos.Length > off)
        {
            var name = Py.Str(pos[off]);
            if (!Tests.BuiltinTests.TryGet(name, out var fn))
            {
                throw new TemplateRuntimeException($"No test named '{name}'.");
            }
            var rest = new CallArgs(pos[(off + 1)..], a.Named);
            test = x => fn(frame, x, rest);
        }
        else
        {
            test = Py.Truthy;
        }
        var result = new List<object?>();
        if (!Py.Truthy(v))
        {
            return result;
        }
        foreach (var item in Py.Iterate(v))
        {
            if (test(trans(item)) == keep)
            {
                result.Add(item);
            }
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Reverse(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("reverse");
        if (Py.AsString(v) is { } s)
        {
            if (Py.HasSurrogates(s))
            {
                var points = Py.CodePoints(s);
                points.Reverse();
                return KeepMarkup(v, string.Concat(points.Cast<string>()));
            }
            var chars = s.ToCharArray();
            Array.Reverse(chars);
            return KeepMarkup(v, new string(chars));
        }
        var list = Py.ToList(v);
        list.Reverse();
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Sort(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("sort", ["reverse", "case_sensitive", "attribute"], [false, false, null]);
        var ignoreCase = !Py.Truthy(args[1]);
        Func<object?, object?> key;
        if (args[2] is string attrs && attrs.Contains(',', StringComparison.Ordinal))
        {
            var getters = attrs.Split(',').Select(p => AttrGetter(frame, p, null, ignoreCase)).ToArray();
            key = x => new PyTuple(getters.Select(g => g(x)).ToArray());
        }
        else
        {
            key = AttrGetter(frame, args[2], null, ignoreCase);
        }
        return Py.StableSort(Py.ToList(v), key, Py.Truthy(args[0]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Sum(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("sum", ["attribute", "start"], [null, 0L]);
        IEnumerable<object?> items = Py.Iterate(v);
        if (args[0] is not null)
        {
            items = items.Select(AttrGetter(frame, args[0]));
        }
        var total = args[1];
        foreach (var x in items)
        {
            if (Py.AsString(x) is not null && Py.IsNumber(total))
            {
                throw new TemplateRuntimeException($"unsupported operand type(s) for +: '{Py.TypeName(total)}' and 'str'");
            }
            total = Py.Add(total, x);
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Unique(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("unique", ["case_sensitive", "attribute"], [false, null]);
        var key = AttrGetter(frame, args[1], null, !Py.Truthy(args[0]));
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in Py.Iterate(v))
        {
            var k = key(item);
            if (!seen.Any(s => Py.Equals(s, k)))
            {
                seen.Add(k);
                result.Add(item);
            }
        }
        return result;
    }
}
