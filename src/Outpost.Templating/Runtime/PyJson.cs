using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Python json.dumps (ensure_ascii, optional indent and sort_keys).</summary>
internal static class PyJson
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Dumps(object? value, int? indent, bool sortKeys)
    {
        var sb = BuilderPool.Rent();
        Write(sb, value, indent, sortKeys, 0);
        return BuilderPool.ToStringAndReturn(sb);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(StringBuilder sb, object? v, int? indent, bool sortKeys, int level)
    {
        if (level > 200)
        {
            throw new TemplateRuntimeException("Circular reference detected");
        }
        switch (v)
        {
            case null: sb.Append("null"); return;
            case bool b: sb.Append(b ? "true" : "false"); return;
            case string s: WriteString(sb, s); return;
            case Markup m: WriteString(sb, m.Value); return;
            case double d: sb.Append(FloatJson(d)); return;
            case float f: sb.Append(FloatJson(f)); return;
            case long or int or BigInteger or short or byte:
                sb.Append(Py.Str(v));
                return;
            case Undefined u when u.Strict:
                throw u.Fail();
            case Undefined:
                throw new TemplateRuntimeException("Object of type Undefined is not JSON serializable");
        }
        if (Py.AsMapping(v) is { } map)
        {
            var items = new List<KeyValuePair<string, object?>>(map.Count);
            foreach (var (k, val) in map.Items())
            {
                items.Add(new KeyValuePair<string, object?>(KeyString(k), val));
            }
            if (sortKeys)
            {
                // Insertion sort: objects are small and keys unique; avoids a generic sort over a struct.
                for (var i = 1; i < items.Count; i++)
                {
                    var x = items[i];
                    var j = i - 1;
                    while (j >= 0 && string.CompareOrdinal(items[j].Key, x.Key) > 0)
                    {
                        items[j + 1] = items[j];
                        j--;
                    }
                    items[j + 1] = x;
                }
            }
            if (items.Count == 0)
            {
                sb.Append("{}");
                return;
            }
            sb.Append('{');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(indent is null ? ", " : ",");
                }
                NewLine(sb, indent, level + 1);
                WriteString(sb, items[i].Key);
                sb.Append(": ");
                Write(sb, items[i].Value, indent, sortKeys, level + 1);
            }
            NewLine(sb, indent, level);
            sb.Append('}');
            return;
        }
        if (v is IList list && v is not IPyObject || v is PyRange)
        {
            var items = Py.ToList(v);
            if (items.Count == 0)
            {
                sb.Append("[]");
                return;
            }
            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(indent is null ? ", " : ",");
                }
                NewLine(sb, indent, level + 1);
                Write(sb, items[i], indent, sortKeys, level + 1);
            }
            NewLine(sb, indent, level);
            sb.Append(']');
            return;
        }
        throw new TemplateRuntimeException($"Object of type {Py.TypeName(v)} is not JSON serializable");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string KeyString(object? k) => k switch
    {
        string s => s,
        null => "null",
        bool b => b ? "true" : "false",
        double d => FloatJson(d),
        _ when Py.IsNumber(k) => Py.Str(k),
        Markup m => m.Value,
        _ => throw new TemplateRuntimeException($"keys must be str, int, float, bool or None, not {Py.TypeName(k)}"),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string FloatJson(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Py.FloatRepr(d);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NewLine(StringBuilder sb, int? indent, int level)
    {
        if (indent is { } n)
        {
            sb.Append('\n').Append(' ', n * level);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
