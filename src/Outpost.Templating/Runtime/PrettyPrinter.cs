using System.Collections;
using System.Text;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>pprint.pformat for short values: repr with dict keys sorted.</summary>
internal static class PrettyPrinter
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(StringBuilder sb, object? v)
    {
        if (Py.AsMapping(v) is { } map && v is not IPyObject)
        {
            var items = map.Items().ToList();
            try
            {
                items = Py.StableSort(items.Select(kv => (object?)kv).ToList(), o => ((KeyValuePair<object?, object?>)o!).Key, false)
                    .Select(o => (KeyValuePair<object?, object?>)o!).ToList();
            }
            catch (TemplateRuntimeException)
            {
                // pprint falls back to insertion order for unorderable keys.
            }
            sb.Append('{');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }
                Write(sb, items[i].Key);
                sb.Append(": ");
                Write(sb, items[i].Value);
            }
            sb.Append('}');
            return;
        }
        if (v is IList list && v is not IPyObject)
        {
            var tuple = v is PyTuple;
            sb.Append(tuple ? '(' : '[');
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }
                Write(sb, list[i]);
            }
            if (tuple && list.Count == 1)
            {
                sb.Append(',');
            }
            sb.Append(tuple ? ')' : ']');
            return;
        }
        sb.Append(Py.Repr(v));
    }
}
