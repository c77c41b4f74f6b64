using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Python printf-style ('%s' % x) and str.format formatting.</summary>
internal static class PyFormat
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Percent(string format, object? args)
    {
        var sb = BuilderPool.Rent();
        object?[] items;
        Mapping? mapping = null;
        if (args is PyTuple t)
        {
            items = t.Items;
        }
        else
        {
            items = [args];
            mapping = Py.AsMapping(args);
        }
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            if (i >= format.Length)
            {
                throw new TemplateRuntimeException("incomplete format");
            }
            object? value = null;
            var haveValue = false;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0 || mapping is null)
                {
                    throw new TemplateRuntimeException(mapping is null ? "format requires a mapping" : "incomplete format key");
                }
                var key = format[(i + 1)..close];
                if (!mapping.Value.TryGet(key, out value))
                {
                    throw new TemplateRuntimeException($"KeyError: {Py.Repr(key)}");
                }
                haveValue = true;
                i = close + 1;
            }
            var spec = new Spec();
            while (i < format.Length && "-+ #0".Contains(format[i], StringComparison.Ordinal))
            {
                switch (format[i])
                {
                    case '-': spec.Align = '<'; break;
                    case '+': spec.Sign = '+'; break;
                    case ' ': if (spec.Sign != '+') { spec.Sign = ' '; } break;
                    case '#': spec.Alternate = true; break;
                    case '0': spec.ZeroPad = true; break;
                }
                i++;
            }
            spec.Width = ReadNumber(format, ref i, out var widthStar);
            if (widthStar)
            {
                spec.Width = (int)Py.ToLong(NextArg(items, ref argIndex, mapping));
            }
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = ReadNumber(format, ref i, out var precisionStar) ?? 0;
                if (precisionStar)
                {
                    spec.Precision = (int)Py.ToLong(NextArg(items, ref argIndex, mapping));
                }
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L')
            {
                i++;
            }
            if (i >= format.Length)
            {
                throw new TemplateRuntimeException("incomplete format");
            }
            var type = format[i++];
            if (type == '%')
            {
                sb.Append('%');
                continue;
            }
            if (!haveValue)
            {
                value = NextArg(items, ref argIndex, mapping);
            }
            if (spec.Align == '<')
            {
                spec.ZeroPad = false;
            }
            spec.Type = type;
            sb.Append(FormatOne(value, spec, percent: true));
        }
        // Python only complains about leftovers for tuples and plain values, not for subscriptable arguments.
        if (argIndex < items.Length && mapping is null && (args is PyTuple || args is not (System.Collections.IList or Undefined)))
        {
            throw new TemplateRuntimeException("not all arguments converted during string formatting");
        }
        return BuilderPool.ToStringAndReturn(sb);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? NextArg(object?[] items, ref int index, Mapping? mapping)
    {
        if (index >= items.Length)
        {
            throw new TemplateRuntimeException("not enough arguments for format string");
        }
        return items[index++];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int? ReadNumber(string s, ref int i, out bool star)
    {
        star = false;
        if (i < s.Length && s[i] == '*')
        {
            i++;
            star = true;
            return 0;
        }
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Parsed conversion spec shared by % and format().</summary>
    internal sealed class Spec
    {
        public char Fill = ' ';
        public char Align;
        public char Sign = '-';
        public bool Alternate;
        public bool ZeroPad;
        public int? Width;
        public char Grouping;
        public int? Precision;
        public char Type;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string FormatOne(object? value, Spec spec, bool percent)
    {
        string body;
        var numeric = false;
        var negative = false;
        switch (spec.Type)
        {
            case 's' or '\0' when !(spec.Type == '\0' && !percent && Py.IsNumber(value) && value is not bool):
            {
                body = Py.Str(value);
                if (spec.Precision is { } p && p < body.Length)
                {
                    body = body[..p];
                }
                break;
            }
            case 'r' or 'a':
                body = Py.Repr(value);
                if (spec.Precision is { } rp && rp < body.Length)
                {
                    body = body[..rp];
                }
                break;
            case 'c':
                body = value is string cs ? cs : char.ConvertFromUtf32((int)Py.ToLong(value));
                break;
            case 'd' or 'i' or 'u' or 'n' or 'x' or 'X' or 'o' or 'b':
            {
                numeric = true;
                BigInteger n;
                var k = Py.Num(value, out var l, out var b, out var d);
                if (k == Py.NumKind.None)
                {
                    Py.CheckDefined(value);
                    throw new TemplateRuntimeException($"%{spec.Type} format: a real number is required, not {Py.TypeName(value)}");
                }
                if (k == Py.NumKind.Float)
                {
                    if (!percent)
                    {
                        throw new TemplateRuntimeException($"Unknown format code '{spec.Type}' for object of type 'float'");
                    }
                    n = new BigInteger(Math.Truncate(d));
                }
                else
                {
                    n = k == Py.NumKind.Int ? l : b;
                }
                negative = n.Sign < 0;
                var abs = BigInteger.Abs(n);
                body = spec.Type switch
                {
                    'x' => ToBase(abs, 16, false),
                    'X' => ToBase(abs, 16, true),
                    'o' => ToBase(abs, 8, false),
                    'b' => ToBase(abs, 2, false),
                    _ => abs.ToString(CultureInfo.InvariantCulture),
                };
                if (spec.Alternate)
                {
                    body = spec.Type switch { 'x' => "0x", 'X' => "0X", 'o' => "0o", 'b' => "0b", _ => string.Empty } + body;
                }
                if (spec.Grouping != '\0')
                {
                    body = Group(body, spec.Grouping);
                }
                break;
            }
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or '%' or '\0':
            {
                numeric = true;
                var k = Py.Num(value, out _, out _, out _);
                if (k == Py.NumKind.None)
                {
                    Py.CheckDefined(value);
                    throw new TemplateRuntimeException($"must be real number, not {Py.TypeName(value)}");
                }
                var d = Py.ToDouble(value);
                negative = d < 0 || (d == 0 && double.IsNegative(d));
                d = Math.Abs(d);
                if (spec.Type == '\0')
                {
                    if (Py.IsInteger(value))
                    {
                        body = BigInteger.Abs(value is BigInteger bb ? bb : Py.ToLong(value)).ToString(CultureInfo.InvariantCulture);
                        negative = Py.Compare(value, 0L) < 0;
                        if (spec.Grouping != '\0')
                        {
                            body = Group(body, spec.Grouping);
                        }
                        break;
                    }
                    body = spec.Precision is { } gp ? General(d, gp, spec.Alternate, true) : Py.FloatRepr(d);
                }
                else
                {
                    body = FormatFloat(d, spec.Type, spec.Precision ?? 6, spec.Alternate);
                }
                if (spec.Grouping != '\0')
                {
                    var dot = body.IndexOfAny(['.', 'e', 'E', '%']);
                    body = dot < 0 ? Group(body, spec.Grouping) : Group(body[..dot], spec.Grouping) + body[dot..];
                }
                break;
            }
            default:
                throw new TemplateRuntimeException($"unsupported format character '{spec.Type}'");
        }
        var sign = string.Empty;
        if (numeric)
        {
            sign = negative ? "-" : spec.Sign == '+' ? "+" : spec.Sign == ' ' ? " " : string.Empty;
        }
        var width = spec.Width ?? 0;
        Py.CheckSize(width);
        var len = sign.Length + Py.StringLength(body);
        if (len >= width)
        {
            return sign + body;
        }
        var pad = width - len;
        if (spec.ZeroPad && numeric && spec.Align is '\0' or '=')
        {
            var prefixLen = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || body.StartsWith("0o", StringComparison.Ordinal) || body.StartsWith("0b", StringComparison.Ordinal) ? 2 : 0;
            return sign + body[..prefixLen] + new string('0', pad) + body[prefixLen..];
        }
        var align = spec.Align;
        if (align == '\0')
        {
            align = numeric ? '>' : '<';
            if (percent)
            {
                align = '>';
            }
        }
        var fill = spec.Fill;
        return align switch
        {
            '<' => sign + body + new string(fill, pad),
            '^' => new string(fill, pad / 2) + sign + body + new string(fill, pad - (pad / 2)),
            '=' => sign + new string(fill, pad) + body,
            _ => new string(fill, pad) + sign + body,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string ToBase(BigInteger n, int radix, bool upper)
    {
        if (n.IsZero)
        {
            return "0";
        }
        var digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var sb = new StringBuilder();
        while (!n.IsZero)
        {
            sb.Insert(0, digits[(int)(n % radix)]);
            n /= radix;
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Group(string digits, char sep)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                sb.Append(sep);
            }
            sb.Append(digits[i]);
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string FormatFloat(double d, char type, int precision, bool alternate)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            var s = double.IsNaN(d) ? "nan" : "inf";
            return type is 'F' or 'E' or 'G' ? s.ToUpperInvariant() : s;
        }
        switch (type)
        {
            case 'f' or 'F':
                var f = d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                return alternate && precision == 0 ? f + "." : f;
            case '%':
                return FormatFloat(d * 100, 'f', precision, alternate) + "%";
            case 'e' or 'E':
                return Exponent(d, precision, type == 'E', alternate);
            default:
                var g = General(d, precision, alternate, false);
                return type == 'G' ? g.ToUpperInvariant() : g;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Exponent(double d, int precision, bool upper, bool alternate)
    {
        var s = d.ToString((upper ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ePos = s.IndexOf(upper ? 'E' : 'e', StringComparison.Ordinal);
        var mant = s[..ePos];
        var exp = int.Parse(s[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (alternate && precision == 0)
        {
            mant += ".";
        }
        return mant + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>%g / format 'g': precision significant digits, trailing zeros dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string General(double d, int precision, bool alternate, bool noType)
    {
        if (precision == 0)
        {
            precision = 1;
        }
        if (d == 0)
        {
            return noType ? "0.0" : alternate ? "0." + new string('0', precision - 1) : "0";
        }
        var e = Exponent(d, precision - 1, false, false);
        var exp = int.Parse(e[(e.IndexOf('e', StringComparison.Ordinal) + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string result;
        if (exp >= -4 && exp < precision)
        {
            result = d.ToString("F" + (precision - 1 - exp).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (!alternate && result.Contains('.', StringComparison.Ordinal))
            {
                result = result.TrimEnd('0').TrimEnd('.');
            }
            if (noType && !result.Contains('.', StringComparison.Ordinal))
            {
                result += ".0";
            }
        }
        else
        {
            var ePos = e.IndexOf('e', StringComparison.Ordinal);
            var mant = e[..ePos];
            if (!alternate && mant.Contains('.', StringComparison.Ordinal))
            {
                mant = mant.TrimEnd('0').TrimEnd('.');
            }
            result = mant + e[ePos..];
        }
        return result;
    }

    /// <summary>str.format(*args, **kwargs) with the format-spec mini-language.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Format(string format, CallArgs args)
    {
        var sb = new StringBuilder();
        var auto = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '{')
            {
                if (i + 1 < format.Length && format[i + 1] == '{')
                {
                    sb.Append('{');
                    i += 2;
                    continue;
                }
                var depth = 1;
                var j = i + 1;
                while (j < format.Length && depth > 0)
                {
                    if (format[j] == '{')
                    {
                        depth++;
                    }
                    else if (format[j] == '}')
                    {
                        depth--;
                    }
                    j++;
                }
                if (depth != 0)
                {
                    throw new TemplateRuntimeException("Single '{' encountered in format string");
                }
                var field = format[(i + 1)..(j - 1)];
                sb.Append(FormatField(field, args, ref auto));
                i = j;
                continue;
            }
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    sb.Append('}');
                    i += 2;
                    continue;
                }
                throw new TemplateRuntimeException("Single '}' encountered in format string");
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string FormatField(string field, CallArgs args, ref int auto)
    {
        string? specText = null;
        char conversion = '\0';
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            specText = field[(colon + 1)..];
            field = field[..colon];
        }
        var bang = field.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            conversion = field.Length > bang + 1 ? field[bang + 1] : '\0';
            field = field[..bang];
        }
        var end = field.IndexOfAny(['.', '[']);
        var head = end < 0 ? field : field[..end];
        object? value;
        if (head.Length == 0)
        {
            value = Positional(args, auto++);
        }
        else if (head.All(char.IsAsciiDigit))
        {
            value = Positional(args, int.Parse(head, CultureInfo.InvariantCulture));
        }
        else if (!args.TryGetNamed(head, out value))
        {
            throw new TemplateRuntimeException($"KeyError: {Py.Repr(head)}");
        }
        var rest = end < 0 ? string.Empty : field[end..];
        while (rest.Length > 0)
        {
            if (rest[0] == '.')
            {
                var next = rest.IndexOfAny(['.', '['], 1);
                var name = next < 0 ? rest[1..] : rest[1..next];
                // str.format uses Python getattr: no fallback to dictionary keys.
                if (Py.IsMapping(value) && !Methods.Has(value, name))
                {
                    throw new TemplateRuntimeException($"'dict' object has no attribute '{name}'");
                }
                value = Py.GetAttr(value, name, false);
                rest = next < 0 ? string.Empty : rest[next..];
            }
            else
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                var key = rest[1..close];
                value = Py.GetItem(value, key.All(char.IsAsciiDigit) && key.Length > 0 ? long.Parse(key, CultureInfo.InvariantCulture) : key, false);
                rest = rest[(close + 1)..];
            }
        }
        if (conversion == 'r')
        {
            value = Py.Repr(value);
        }
        else if (conversion == 's')
        {
            value = Py.Str(value);
        }
        if (specText is not null && specText.Contains('{', StringComparison.Ordinal))
        {
            specText = Format(specText, args);
        }
        return FormatSpec(value, specText ?? string.Empty);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Positional(CallArgs args, int index)
    {
        if (index >= args.Positional.Length)
        {
            throw new TemplateRuntimeException($"Replacement index {index} out of range for positional args tuple");
        }
        return args.Positional[index];
    }

    /// <summary>format(value, spec) per the format-spec mini-language.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string FormatSpec(object? value, string text)
    {
        if (text.Length == 0)
        {
            return Py.Str(value);
        }
        var spec = new Spec { Sign = '-' };
        var i = 0;
        var explicitFill = false;
        if (text.Length >= 2 && text[1] is '<' or '>' or '^' or '=')
        {
            spec.Fill = text[0];
            spec.Align = text[1];
            explicitFill = true;
            i = 2;
        }
        else if (text[0] is '<' or '>' or '^' or '=')
        {
            spec.Align = text[0];
            i = 1;
        }
        if (i < text.Length && text[i] is '+' or '-' or ' ')
        {
            spec.Sign = text[i++];
        }
        if (i < text.Length && text[i] == '#')
        {
            spec.Alternate = true;
            i++;
        }
        if (i < text.Length && text[i] == '0')
        {
            spec.ZeroPad = spec.Align == '\0';
            if (!explicitFill)
            {
                spec.Fill = '0';
            }
            if (spec.ZeroPad)
            {
                spec.Align = '=';
            }
            i++;
        }
        spec.Width = ReadNumber(text, ref i, out _);
        if (i < text.Length && text[i] is ',' or '_')
        {
            spec.Grouping = text[i++];
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            spec.Precision = ReadNumber(text, ref i, out _) ?? throw new TemplateRuntimeException("Format specifier missing precision");
        }
        if (i < text.Length)
        {
            spec.Type = text[i++];
        }
        if (i != text.Length)
        {
            throw new TemplateRuntimeException("Invalid format specifier");
        }
        if (spec.Type == '\0' && value is string or Markup)
        {
            spec.Type = 's';
        }
        if (spec.Type is 's' && Py.IsNumber(value) && value is not bool)
        {
            throw new TemplateRuntimeException($"Unknown format code 's' for object of type '{Py.TypeName(value)}'");
        }
        if (spec.Type is 'd' or 'x' or 'X' or 'o' or 'b' or 'c' && value is string)
        {
            throw new TemplateRuntimeException($"Unknown format code '{spec.Type}' for object of type 'str'");
        }
        if (spec.Type is 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or '%' && !Py.IsNumber(value))
        {
            throw new TemplateRuntimeException($"Unknown format code '{spec.Type}' for object of type '{Py.TypeName(value)}'");
        }
        if (spec.ZeroPad && spec.Type is 's')
        {
            spec.ZeroPad = false;
        }
        return FormatOne(value, spec, percent: false);
    }
}
