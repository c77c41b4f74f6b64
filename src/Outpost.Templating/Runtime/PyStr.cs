using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Python str() and repr() of the value model.</summary>
internal static partial class Py
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Str(object? value) => value switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Markup m => m.Value,
        Undefined u => u.ToString(),
        BigInteger bi => bi.ToString(CultureInfo.InvariantCulture),
        float f => FloatRepr(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IPyObject o => o.Str(),
        char c => c.ToString(),
        _ => Repr(value),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value, 0);
        return sb.ToString();
    }

    [ThreadStatic]
    private static List<object>? t_reprStack;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendRepr(StringBuilder sb, object? value, int depth)
    {
        if (depth > 100)
        {
            throw new TemplateRuntimeException("maximum recursion depth exceeded while getting the repr of an object");
        }
        if (value is IList or IDictionary && value is not IPyObject)
        {
            // A container that contains itself prints as [...] / {...}, like Python's recursive repr guard.
            var stack = t_reprStack ??= [];
            foreach (var seen in stack)
            {
                if (ReferenceEquals(seen, value))
                {
                    sb.Append(value is IDictionary ? "{...}" : value is PyTuple ? "(...)" : "[...]");
                    return;
                }
            }
            stack.Add(value);
            try
            {
                AppendContainer(sb, value, depth);
            }
            finally
            {
                stack.RemoveAt(stack.Count - 1);
            }
            return;
        }
        AppendContainer(sb, value, depth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendContainer(StringBuilder sb, object? value, int depth)
    {
        switch (value)
        {
            case string s:
                AppendStringRepr(sb, s);
                return;
            case Markup m:
                sb.Append("Markup(");
                AppendStringRepr(sb, m.Value);
                sb.Append(')');
                return;
            case char c:
                AppendStringRepr(sb, c.ToString());
                return;
            case IPyObject o:
                sb.Append(o.Repr());
                return;
            case PyTuple t:
                sb.Append('(');
                for (var i = 0; i < t.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    AppendRepr(sb, t[i], depth + 1);
                }
                if (t.Count == 1)
                {
                    sb.Append(',');
                }
                sb.Append(')');
                return;
            case IDictionary d:
                sb.Append('{');
                var first = true;
                var e = d.GetEnumerator();
                while (e.MoveNext())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    AppendRepr(sb, e.Key, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, e.Value, depth + 1);
                }
                sb.Append('}');
                return;
            case IList l:
                sb.Append('[');
                for (var i = 0; i < l.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    AppendRepr(sb, l[i], depth + 1);
                }
                sb.Append(']');
                return;
            case IReadOnlyDictionary<string, object?> rd:
                sb.Append('{');
                var f2 = true;
                foreach (var (k, v) in rd)
                {
                    if (!f2)
                    {
                        sb.Append(", ");
                    }
                    f2 = false;
                    AppendStringRepr(sb, k);
                    sb.Append(": ");
                    AppendRepr(sb, v, depth + 1);
                }
                sb.Append('}');
                return;
            case Undefined:
                sb.Append("Undefined");
                return;
            case null or bool or long or int or double or BigInteger or float or decimal:
                sb.Append(Str(value));
                return;
            default:
                // Opaque host objects: no reflection, only the type name.
                sb.Append('<').Append(value.GetType().Name).Append(" object>");
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendStringRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x7f && c >= 0x20)
                    {
                        sb.Append(c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        var cp = char.ConvertToUtf32(c, s[i + 1]);
                        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
                        if (IsPrintable(cat))
                        {
                            sb.Append(c).Append(s[i + 1]);
                        }
                        else
                        {
                            sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                        }
                        i++;
                    }
                    else if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c)))
                    {
                        sb.Append(c);
                    }
                    else if (c < 0x100)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        sb.Append(quote);
    }

    // Python's str.isprintable(): everything but "Other" and "Separator" categories (space excepted).
    private static bool IsPrintable(UnicodeCategory cat) => cat switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    /// <summary>Python repr(float): shortest round-trip digits, scientific outside 1e-4 .. 1e16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }
        // Shortest round-trip digits come from "R"; parse them into digits + exponent.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative)
        {
            shortest = shortest[1..];
        }
        string mantissa;
        var exp = 0;
        var ePos = shortest.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            mantissa = shortest[..ePos];
            exp = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits;
        int pointPos;
        if (dot >= 0)
        {
            digits = mantissa[..dot] + mantissa[(dot + 1)..];
            pointPos = dot;
        }
        else
        {
            digits = mantissa;
            pointPos = mantissa.Length;
        }
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }
        digits = digits[lead..];
        pointPos -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var decExp = pointPos + exp - 1;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (decExp < -4 || decExp >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }
            sb.Append('e').Append(decExp < 0 ? '-' : '+');
            sb.Append(Math.Abs(decExp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decExp < 0)
        {
            sb.Append("0.").Append('0', -decExp - 1).Append(digits);
        }
        else if (digits.Length <= decExp + 1)
        {
            sb.Append(digits).Append('0', decExp + 1 - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decExp + 1).Append('.').Append(digits, decExp + 1, digits.Length - decExp - 1);
        }
        return sb.ToString();
    }

    /// <summary>Python's type(x).__name__ for error messages.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string => "str",
        bool => "bool",
        long or int or BigInteger => "int",
        double or float => "float",
        Markup => "Markup",
        PyTuple => "tuple",
        IPyObject o => o.TypeName,
        IDictionary or IReadOnlyDictionary<string, object?> => "dict",
        IList => "list",
        Undefined => "Undefined",
        _ => value.GetType().Name,
    };
}
