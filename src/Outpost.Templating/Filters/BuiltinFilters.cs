using System.Runtime.CompilerServices;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Filters;

/// <summary>The registry of Jinja2's builtin filters.</summary>
internal static partial class BuiltinFilters
{
    private static readonly Dictionary<string, FilterFunc> Registry = new(StringComparer.Ordinal)
    {
        ["abs"] = Abs,
        ["attr"] = Attr,
        ["batch"] = Batch,
        ["capitalize"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("capitalize"); return StringMethods.Capitalize(Py.Str(v)); },
        ["center"] = Center,
        ["count"] = Length,
        ["d"] = Default,
        ["default"] = Default,
        ["dictsort"] = DictSort,
        ["e"] = Escape,
        ["escape"] = Escape,
        ["filesizeformat"] = FileSizeFormat,
        ["first"] = First,
        ["float"] = Float,
        ["forceescape"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("forceescape"); return new Markup(Markup.EscapeText(Py.Str(v is Markup m ? m.Value : v))); },
        ["format"] = Format,
        ["groupby"] = GroupBy,
        ["indent"] = Indent,
        ["int"] = Int,
        ["items"] = Items,
        ["join"] = Join,
        ["last"] = Last,
        ["length"] = Length,
        ["list"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("list"); return Py.ToList(v); },
        ["lower"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("lower"); return KeepMarkup(v, Py.Lower(Py.Str(v))); },
        ["map"] = Map,
        ["max"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => MinMax(f, v, a, "max"),
        ["min"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => MinMax(f, v, a, "min"),
        ["pprint"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("pprint"); return PrettyPrinter.Format(v); },
        ["random"] = RandomItem,
        ["reject"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => Select(f, v, a, false, false),
        ["rejectattr"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => Select(f, v, a, false, true),
        ["replace"] = Replace,
        ["reverse"] = Reverse,
        ["round"] = Round,
        ["safe"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("safe"); return v as Markup ?? new Markup(Py.Str(v)); },
        ["select"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => Select(f, v, a, true, false),
        ["selectattr"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (f, v, a) => Select(f, v, a, true, true),
        ["slice"] = SliceFilter,
        ["sort"] = Sort,
        ["string"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("string"); return v is Markup ? v : Py.Str(v); },
        ["striptags"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("striptags"); return HtmlText.StripTags(Py.Str(v)); },
        ["sum"] = Sum,
        ["title"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("title"); return KeepMarkup(v, Title(Py.Str(v))); },
        ["tojson"] = ToJson,
        ["trim"] = Trim,
        ["truncate"] = Truncate,
        ["unique"] = Unique,
        ["upper"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("upper"); return KeepMarkup(v, Py.Upper(Py.Str(v))); },
        ["urlencode"] = UrlEncode,
        ["urlize"] = Urlize,
        ["wordcount"] = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, v, a) => { a.ExpectNone("wordcount"); return (long)WordRegex().Matches(Py.Str(v)).Count; },
        ["wordwrap"] = WordWrap,
        ["xmlattr"] = XmlAttr,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGet(string name, out FilterFunc filter) => Registry.TryGetValue(name, out filter!);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Exists(string name) => Registry.ContainsKey(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object KeepMarkup(object? input, string result) => input is Markup ? new Markup(result) : result;

    [System.Text.RegularExpressions.GeneratedRegex(@"\w+")]
    private static partial System.Text.RegularExpressions.Regex WordRegex();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Abs(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("abs");
        return Py.Num(v, out var l, out var b, out var d) switch
        {
            Py.NumKind.Int => l == long.MinValue ? (object)System.Numerics.BigInteger.Abs(l) : Math.Abs(l),
            Py.NumKind.Big => Py.Norm(System.Numerics.BigInteger.Abs(b)),
            Py.NumKind.Float => Math.Abs(d),
            _ => v is Undefined u ? throw u.Fail() : throw new TemplateRuntimeException($"bad operand type for abs(): '{Py.TypeName(v)}'"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Attr(Frame frame, object? v, CallArgs a)
    {
        var name = Py.Str(a.Bind("attr", ["name"], [CallArgs.Required])[0]);
        if (v is Undefined u)
        {
            throw u.Fail();
        }
        if (v is IPyObject o)
        {
            return o.TryGetAttr(name, out var r) ? r : Undefined.ForAttribute(v, name, frame.Ctx.Strict);
        }
        if (Methods.Has(v, name))
        {
            return new BoundMethod(v!, name);
        }
        return Undefined.ForAttribute(v, name, frame.Ctx.Strict);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Center(Frame frame, object? v, CallArgs a)
    {
        var w = (int)Py.ToLong(a.Bind("center", ["width"], [80L])[0]);
        return StringMethods.Pad(Py.Str(v), w, ' ', "center");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Default(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("default", ["default_value", "boolean"], [string.Empty, false]);
        if (v is Undefined || (Py.Truthy(args[1]) && !Py.Truthy(v)))
        {
            return args[0];
        }
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Escape(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("escape");
        return Markup.Escape(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? FileSizeFormat(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("filesizeformat", ["binary"], [false]);
        var binary = Py.Truthy(args[0]);
        var bytes = ToFloat(v);
        var b = binary ? 1024.0 : 1000.0;
        string[] prefixes = binary
            ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
            : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        if (bytes == 1)
        {
            return "1 Byte";
        }
        if (bytes < b)
        {
            return $"{Py.Str((long)bytes)} Bytes";
        }
        var unit = 0.0;
        var prefix = string.Empty;
        for (var i = 0; i < prefixes.Length; i++)
        {
            unit = Math.Pow(b, i + 2);
            prefix = prefixes[i];
            if (bytes < unit)
            {
                break;
            }
        }
        return PyFormat.FormatFloat(b * bytes / unit, 'f', 1, false) + " " + prefix;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ToFloat(object? v)
    {
        if (Py.IsNumber(v))
        {
            return Py.ToDouble(v);
        }
        if (Py.AsString(v) is { } s && TryParseFloat(s, out var d))
        {
            return d;
        }
        if (v is Undefined u && u.Strict)
        {
            throw u.Fail();
        }
        throw new TemplateRuntimeException($"could not convert string to float: {Py.Repr(Py.Str(v))}");
    }

    /// <summary>Python float(str): surrounding whitespace, underscores between digits, inf/nan words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseFloat(string s, out double d)
    {
        var t = s.Trim();
        var lower = t.ToLowerInvariant().TrimStart('+', '-');
        if (lower is "inf" or "infinity" or "nan")
        {
            d = lower == "nan" ? double.NaN : t.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (t.Length == 0 || t.Contains("__", StringComparison.Ordinal) || t.StartsWith('_') || t.EndsWith('_'))
        {
            d = 0;
            return false;
        }
        foreach (var c in t)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_'))
            {
                d = 0;
                return false;
            }
        }
        return double.TryParse(t.Replace("_", string.Empty, StringComparison.Ordinal), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Float(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("float", ["default"], [0.0]);
        Py.CheckDefined(v);
        if (Py.IsNumber(v))
        {
            return Py.ToDouble(v);
        }
        if (Py.AsString(v) is { } s && TryParseFloat(s, out var d))
        {
            return d;
        }
        return args[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Int(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("int", ["default", "base"], [0L, 10L]);
        var radix = (int)Py.ToLong(args[1]);
        Py.CheckDefined(v);
        switch (Py.Num(v, out var l, out var b, out var d))
        {
            case Py.NumKind.Int: return l;
            case Py.NumKind.Big: return b;
            case Py.NumKind.Float:
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    return args[0];
                }
                return Py.Norm(new System.Numerics.BigInteger(Math.Truncate(d)));
        }
        if (Py.AsString(v) is { } s)
        {
            if (TryParseInt(s, radix, out var r))
            {
                return r;
            }
            if (TryParseFloat(s, out var f) && !double.IsNaN(f) && !double.IsInfinity(f))
            {
                return Py.Norm(new System.Numerics.BigInteger(Math.Truncate(f)));
            }
        }
        return args[0];
    }

    /// <summary>Python int(str, base).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseInt(string s, int radix, out object? value)
    {
        value = null;
        var t = s.Trim();
        var negative = false;
        if (t.StartsWith('-') || t.StartsWith('+'))
        {
            negative = t[0] == '-';
            t = t[1..];
        }
        if (t.Length > 1 && t[0] == '0' && char.ToLowerInvariant(t[1]) is 'x' or 'o' or 'b')
        {
            var p = char.ToLowerInvariant(t[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            if (radix == p || radix == 0)
            {
                radix = p;
                t = t[2..];
                if (t.StartsWith('_'))
                {
                    t = t[1..];
                }
            }
        }
        if (radix == 0)
        {
            radix = 10;
        }
        if (t.Length == 0 || t.StartsWith('_') || t.EndsWith('_') || t.Contains("__", StringComparison.Ordinal))
        {
            return false;
        }
        System.Numerics.BigInteger n = 0;
        foreach (var c in t)
        {
            if (c == '_')
            {
                continue;
            }
            var digit = c is >= '0' and <= '9' ? c - '0' : char.ToLowerInvariant(c) is >= 'a' and <= 'z' ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return false;
            }
            n = (n * radix) + digit;
        }
        value = Py.Norm(negative ? -n : n);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Format(Frame frame, object? v, CallArgs a)
    {
        if (a.Positional.Length > 0 && a.Named is { Count: > 0 })
        {
            throw new TemplateRuntimeException("can't handle positional and keyword arguments at the same time");
        }
        object? args = a.Named is { Count: > 0 }
            ? a.Named.ToDictionary(kv => kv.Key, kv => kv.Value)
            : new PyTuple(a.Positional);
        return Py.Mod(v is Markup ? v : Py.Str(v), args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Indent(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("indent", ["width", "first", "blank"], [4L, false, false]);
        var indentWidth = Py.AsString(args[0]) is null ? Math.Max(0, Py.ToLong(args[0])) : 0;
        Py.CheckSize(indentWidth);
        var indention = Py.AsString(args[0]) ?? new string(' ', (int)indentWidth);
        Py.CheckDefined(v);
        var s = (Py.AsString(v) ?? throw new TemplateRuntimeException($"unsupported operand type(s) for +=: '{Py.TypeName(v)}' and 'str'")) + "\n";
        string rv;
        var lines = StringMethods.SplitLines(s, false).Cast<string>().ToList();
        if (Py.Truthy(args[2]))
        {
            rv = string.Join("\n" + indention, lines);
        }
        else
        {
            rv = lines[0];
            if (lines.Count > 1)
            {
                rv += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indention + l : l));
            }
        }
        if (Py.Truthy(args[1]))
        {
            rv = indention + rv;
        }
        return v is Markup ? new Markup(rv) : rv;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Replace(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("replace", ["old", "new", "count"], [CallArgs.Required, CallArgs.Required, null]);
        var count = args[2] is null ? -1 : Py.ToLong(args[2]);
        var s = Py.Str(v);
        if (v is Markup)
        {
            return new Markup(StringMethods.Replace(s, Markup.Escape(args[0]).Value, Markup.Escape(args[1]).Value, count));
        }
        return StringMethods.Replace(s, Py.Str(args[0]), Py.Str(args[1]), count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Round(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("round", ["precision", "method"], [0L, "common"]);
        var precision = (int)Py.ToLong(args[0]);
        var method = Py.Str(args[1]);
        if (method is not ("common" or "ceil" or "floor"))
        {
            throw new TemplateRuntimeException("method must be common, ceil or floor");
        }
        if (method == "common")
        {
            if (Py.IsInteger(v) || v is bool)
            {
                return Py.Num(v, out var l, out _, out _) == Py.NumKind.Int ? l : v;
            }
            return PyRound(Py.ToDouble(v), precision);
        }
        var scale = Math.Pow(10, precision);
        var x = Py.ToDouble(v) * scale;
        return (method == "ceil" ? Math.Ceiling(x) : Math.Floor(x)) / scale;
    }

    /// <summary>Python round(float, n): exact binary value, ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double PyRound(double d, int precision)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || precision > 300)
        {
            return d;
        }
        if (precision < 0)
        {
            var p = Math.Pow(10, -precision);
            return Math.Round(d / p, MidpointRounding.ToEven) * p;
        }
        // Exact decimal digits of the double, then half-even at the requested position.
        var exact = Math.Abs(d).ToString("F" + (precision + 40).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        var dot = exact.IndexOf('.', StringComparison.Ordinal);
        var keep = exact[..(dot + 1 + precision)].TrimEnd('.');
        var rest = exact[(dot + 1 + precision)..];
        var roundUp = rest[0] > '5' || (rest[0] == '5' && (rest.Skip(1).Any(c => c != '0') || LastDigitOdd(keep)));
        var value = double.Parse(keep, System.Globalization.CultureInfo.InvariantCulture);
        if (roundUp)
        {
            value = double.Parse(IncrementLast(keep), System.Globalization.CultureInfo.InvariantCulture);
        }
        return double.IsNegative(d) ? -value : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool LastDigitOdd(string s)
    {
        var c = s[^1] == '.' ? s[^2] : s[^1];
        return (c - '0') % 2 == 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string IncrementLast(string s)
    {
        var chars = s.ToCharArray();
        var i = chars.Length - 1;
        while (i >= 0)
        {
            if (chars[i] == '.')
            {
                i--;
                continue;
            }
            if (chars[i] == '9')
            {
                chars[i] = '0';
                i--;
                continue;
            }
            chars[i]++;
            return new string(chars);
        }
        return "1" + new string(chars);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Trim(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("trim", ["chars"], [null]);
        return StringMethods.Strip(Py.Str(v), args[0] is null ? null : Py.Str(args[0]), true, true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Truncate(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("truncate", ["length", "killwords", "end", "leeway"], [255L, false, "...", null]);
        var length = (int)Py.ToLong(args[0]);
        if (v is Undefined { Strict: false })
        {
            return v;
        }
        if (Py.AsString(v) is null)
        {
            // Jinja only needs len() unless it has to cut; anything else fails like Python would.
            if (v is not Undefined && Py.Length(v) <= length + (args[3] is null ? 5 : Py.ToLong(args[3])))
            {
                return v;
            }
            if (v is not Undefined)
            {
                throw new TemplateRuntimeException($"'{Py.TypeName(v)}' object has no attribute 'rsplit'");
            }
        }
        var s = Py.Str(v);
        var end = Py.Str(args[2]);
        var leeway = args[3] is null ? 5 : (int)Py.ToLong(args[3]);
        if (length < end.Length)
        {
            throw new TemplateRuntimeException($"expected length >= {end.Length}, got {length}");
        }
        if (leeway < 0)
        {
            throw new TemplateRuntimeException($"expected leeway >= 0, got {leeway}");
        }
        if (s.Length <= length + leeway)
        {
            return s;
        }
        if (Py.Truthy(args[1]))
        {
            return s[..(length - end.Length)] + end;
        }
        var head = s[..(length - end.Length)];
        var sp = head.LastIndexOf(' ');
        return (sp >= 0 ? head[..sp] : head) + end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Title(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        var atStart = true;
        foreach (var c in s)
        {
            if (c is '-' or '(' or '{' or '[' or '<' || char.IsWhiteSpace(c))
            {
                sb.Append(c);
                atStart = true;
            }
            else
            {
                sb.Append(atStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                atStart = false;
            }
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Length(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("length");
        if (v is Undefined { Strict: false })
        {
            return 0L;
        }
        if (v is IEnumerable<object?> e && v is not System.Collections.ICollection)
        {
            return (long)e.Count();
        }
        return (long)Py.Length(v);
    }
}
