using System.Collections;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>pprint.pformat (width 80, sorted dict keys) for dicts, lists and tuples.</summary>
internal static class PrettyPrinter
{
    private const int Width = 80;

    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0, 0, 0);
        return sb.ToString();
    }

    /// <summary>repr() with dict keys sorted, as pprint's safe_repr produces.</summary>
    private static string SafeRepr(object? v, int depth)
    {
        if (depth > 100)
        {
            throw new TemplateRuntimeException("maximum recursion depth exceeded");
        }
        if (Py.AsMapping(v) is { } map && v is not IPyObject)
        {
            return "{" + string.Join(", ", SortedItems(map).Select(kv => SafeRepr(kv.Key, depth + 1) + ": " + SafeRepr(kv.Value, depth + 1))) + "}";
        }
        if (v is IList list && v is not IPyObject)
        {
            var parts = list.Cast<object?>().Select(x => SafeRepr(x, depth + 1)).ToList();
            if (v is PyTuple)
            {
                return parts.Count == 1 ? "(" + parts[0] + ",)" : "(" + string.Join(", ", parts) + ")";
            }
            return "[" + string.Join(", ", parts) + "]";
        }
        return Py.Repr(v);
    }

    private static List<KeyValuePair<object?, object?>> SortedItems(Mapping map)
    {
        var items = map.Items().ToList();
        try
        {
            return Py.StableSort(items.Select(kv => (object?)kv).ToList(), o => ((KeyValuePair<object?, object?>)o!).Key, false)
                .Select(o => (KeyValuePair<object?, object?>)o!).ToList();
        }
        catch (TemplateRuntimeException)
        {
            // pprint falls back to insertion order for unorderable keys.
            return items;
        }
    }

    private static void Write(StringBuilder sb, object? v, int indent, int allowance, int depth)
    {
        var rep = SafeRepr(v, depth);
        if (rep.Length <= Width - indent - allowance)
        {
            sb.Append(rep);
            return;
        }
        if (Py.AsMapping(v) is { } map && v is not IPyObject)
        {
            sb.Append('{');
            var items = SortedItems(map);
            var inner = indent + 1;
            for (var i = 0; i < items.Count; i++)
            {
                var last = i == items.Count - 1;
                var key = SafeRepr(items[i].Key, depth + 1);
                sb.Append(key).Append(": ");
                Write(sb, items[i].Value, inner + key.Length + 2, last ? allowance + 1 : 1, depth + 1);
                if (!last)
                {
                    sb.Append(",\n").Append(' ', inner);
                }
            }
            sb.Append('}');
            return;
        }
        if (v is IList list && v is not IPyObject)
        {
            var tuple = v is PyTuple;
            sb.Append(tuple ? '(' : '[');
            var inner = indent + 1;
            for (var i = 0; i < list.Count; i++)
            {
                var last = i == list.Count - 1;
                if (i > 0)
                {
                    sb.Append(",\n").Append(' ', inner);
                }
                Write(sb, list[i], inner, last ? allowance + 1 : 1, depth + 1);
            }
            if (tuple && list.Count == 1)
            {
                sb.Append(',');
            }
            sb.Append(tuple ? ')' : ']');
            return;
        }
        sb.Append(rep);
    }
}
