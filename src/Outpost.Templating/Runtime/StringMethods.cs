using System.Runtime.CompilerServices;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Python str methods.</summary>
internal static class StringMethods
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Invoke(string s, string name, CallArgs args)
    {
        switch (name)
        {
            case "upper": args.ExpectNone(name); return Py.Upper(s);
            case "lower": args.ExpectNone(name); return Py.Lower(s);
            case "casefold": args.ExpectNone(name); return s.ToLowerInvariant();
            case "title": args.ExpectNone(name); return Title(s);
            case "capitalize": args.ExpectNone(name); return Capitalize(s);
            case "swapcase":
                args.ExpectNone(name);
                return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
            case "strip": return Strip(s, Chars(args, name), true, true);
            case "lstrip": return Strip(s, Chars(args, name), true, false);
            case "rstrip": return Strip(s, Chars(args, name), false, true);
            case "split":
            {
                var a = args.Bind(name, ["sep", "maxsplit"], [null, -1L]);
                return Split(s, a[0] is null ? null : Py.AsString(a[0]) ?? throw TypeErr("must be str or None"), Py.ToLong(a[1]));
            }
            case "rsplit":
            {
                var a = args.Bind(name, ["sep", "maxsplit"], [null, -1L]);
                return RSplit(s, a[0] is null ? null : Py.AsString(a[0]) ?? throw TypeErr("must be str or None"), Py.ToLong(a[1]));
            }
            case "splitlines":
            {
                var a = args.Bind(name, ["keepends"], [false]);
                return SplitLines(s, Py.Truthy(a[0]));
            }
            case "join":
            {
                var a = args.Bind(name, ["iterable"], [CallArgs.Required]);
                var sb = new StringBuilder();
                var first = true;
                foreach (var x in Py.Iterate(a[0]))
                {
                    if (!first)
                    {
                        sb.Append(s);
                    }
                    first = false;
                    sb.Append(Py.AsString(x) ?? throw TypeErr($"sequence item: expected str instance, {Py.TypeName(x)} found"));
                }
                return sb.ToString();
            }
            case "replace":
            {
                var a = args.Bind(name, ["old", "new", "count"], [CallArgs.Required, CallArgs.Required, -1L]);
                return Replace(s, Str(a[0]), Str(a[1]), Py.ToLong(a[2]));
            }
            case "startswith" or "endswith":
            {
                var a = args.Bind(name, ["prefix", "start", "end"], [CallArgs.Required, null, null]);
                var sub = Sub(s, a[1], a[2]);
                var candidates = a[0] is PyTuple t ? t.Select(Str) : [Str(a[0])];
                return candidates.Any(p => name == "startswith" ? sub.StartsWith(p, StringComparison.Ordinal) : sub.EndsWith(p, StringComparison.Ordinal));
            }
            case "format":
                return PyFormat.Format(s, args);
            case "format_map":
            {
                var a = args.Bind(name, ["mapping"], [CallArgs.Required]);
                var named = Py.AsMapping(a[0])?.Items().Select(kv => new KeyValuePair<string, object?>(Py.Str(kv.Key), kv.Value)).ToList();
                return PyFormat.Format(s, new CallArgs([], named));
            }
            case "count":
            {
                var a = args.Bind(name, ["sub", "start", "end"], [CallArgs.Required, null, null]);
                var sub = Sub(s, a[1], a[2]);
                var needle = Str(a[0]);
                if (needle.Length == 0)
                {
                    return (long)sub.Length + 1;
                }
                long n = 0;
                var idx = 0;
                while ((idx = sub.IndexOf(needle, idx, StringComparison.Ordinal)) >= 0)
                {
                    n++;
                    idx += needle.Length;
                }
                return n;
            }
            case "find" or "index" or "rfind" or "rindex":
            {
                var a = args.Bind(name, ["sub", "start", "end"], [CallArgs.Required, null, null]);
                var (start, end) = Range(s.Length, a[1], a[2]);
                var needle = Str(a[0]);
                var r = -1;
                if (end - start >= needle.Length)
                {
                    r = name[0] == 'r'
                        ? s.LastIndexOf(needle, end - 1 < 0 ? 0 : end - 1, end - start, StringComparison.Ordinal)
                        : s.IndexOf(needle, start, end - start, StringComparison.Ordinal);
                    if (name[0] == 'r' && needle.Length == 0)
                    {
                        r = end;
                    }
                }
                if (r < 0 && name.EndsWith("index", StringComparison.Ordinal))
                {
                    throw new TemplateRuntimeException("substring not found");
                }
                return (long)r;
            }
            case "zfill":
            {
                var w = (int)Math.Min(int.MaxValue, Py.ToLong(args.Bind(name, ["width"], [CallArgs.Required])[0]));
                Py.CheckSize(w);
                if (s.Length >= w)
                {
                    return s;
                }
                var signed = s.Length > 0 && s[0] is '+' or '-';
                return signed ? s[0] + new string('0', w - s.Length) + s[1..] : new string('0', w - s.Length) + s;
            }
            case "center" or "ljust" or "rjust":
            {
                var a = args.Bind(name, ["width", "fillchar"], [CallArgs.Required, " "]);
                var w = (int)Py.ToLong(a[0]);
                var fill = Str(a[1]);
                if (fill.Length != 1)
                {
                    throw TypeErr("The fill character must be exactly one character long");
                }
                return Pad(s, w, fill[0], name);
            }
            case "isdigit" or "isdecimal" or "isnumeric":
                args.ExpectNone(name);
                return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha": args.ExpectNone(name); return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": args.ExpectNone(name); return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isspace": args.ExpectNone(name); return s.Length > 0 && s.All(char.IsWhiteSpace);
            case "isupper": args.ExpectNone(name); return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "islower": args.ExpectNone(name); return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            case "istitle": args.ExpectNone(name); return s.Any(char.IsLetter) && Title(s) == s;
            case "isidentifier":
                args.ExpectNone(name);
                return s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
            case "partition" or "rpartition":
            {
                var sep = Str(args.Bind(name, ["sep"], [CallArgs.Required])[0]);
                if (sep.Length == 0)
                {
                    throw new TemplateRuntimeException("empty separator");
                }
                var idx = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                if (idx < 0)
                {
                    return name == "partition" ? new PyTuple([s, string.Empty, string.Empty]) : new PyTuple([string.Empty, string.Empty, s]);
                }
                return new PyTuple([s[..idx], sep, s[(idx + sep.Length)..]]);
            }
            case "removeprefix":
            {
                var p = Str(args.Bind(name, ["prefix"], [CallArgs.Required])[0]);
                return p.Length > 0 && s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s;
            }
            case "removesuffix":
            {
                var p = Str(args.Bind(name, ["suffix"], [CallArgs.Required])[0]);
                return p.Length > 0 && s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s;
            }
            case "expandtabs":
            {
                var size = (int)Py.ToLong(args.Bind(name, ["tabsize"], [8L])[0]);
                var sb = new StringBuilder();
                var col = 0;
                foreach (var c in s)
                {
                    if (c == '\t')
                    {
                        var n = size > 0 ? size - (col % size) : 0;
                        sb.Append(' ', n);
                        col += n;
                    }
                    else
                    {
                        sb.Append(c);
                        col = c is '\n' or '\r' ? 0 : col + 1;
                    }
                }
                return sb.ToString();
            }
            default:
                throw new TemplateRuntimeException($"'str' object has no attribute '{name}'");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TemplateRuntimeException TypeErr(string message) => new(message);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Str(object? v) => Py.AsString(v) ?? throw TypeErr($"must be str, not {Py.TypeName(v)}");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Chars(CallArgs args, string name)
    {
        var a = args.Bind(name, ["chars"], [null]);
        return a[0] is null ? null : Str(a[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        if (chars is null)
        {
            return left && right ? s.Trim() : left ? s.TrimStart() : s.TrimEnd();
        }
        var arr = chars.ToCharArray();
        return left && right ? s.Trim(arr) : left ? s.TrimStart(arr) : s.TrimEnd(arr);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var prevCased = false;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                sb.Append(prevCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
                prevCased = true;
            }
            else
            {
                sb.Append(c);
                prevCased = false;
            }
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Capitalize(string s)
        => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<object?> Split(string s, string? sep, long maxsplit)
    {
        var result = new List<object?>();
        if (sep is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }
                if (i >= s.Length)
                {
                    break;
                }
                if (maxsplit >= 0 && result.Count >= maxsplit)
                {
                    result.Add(s[i..].TrimEnd());
                    break;
                }
                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]))
                {
                    i++;
                }
                result.Add(s[start..i]);
            }
            return result;
        }
        if (sep.Length == 0)
        {
            throw new TemplateRuntimeException("empty separator");
        }
        var pos = 0;
        while (maxsplit < 0 || result.Count < maxsplit)
        {
            var idx = s.IndexOf(sep, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                break;
            }
            result.Add(s[pos..idx]);
            pos = idx + sep.Length;
        }
        result.Add(s[pos..]);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<object?> RSplit(string s, string? sep, long maxsplit)
    {
        if (maxsplit < 0)
        {
            return Split(s, sep, maxsplit);
        }
        var result = new List<object?>();
        if (sep is null)
        {
            var i = s.Length - 1;
            while (true)
            {
                while (i >= 0 && char.IsWhiteSpace(s[i]))
                {
                    i--;
                }
                if (i < 0)
                {
                    break;
                }
                if (result.Count >= maxsplit)
                {
                    result.Add(s[..(i + 1)].TrimStart());
                    break;
                }
                var end = i + 1;
                while (i >= 0 && !char.IsWhiteSpace(s[i]))
                {
                    i--;
                }
                result.Add(s[(i + 1)..end]);
            }
            result.Reverse();
            return result;
        }
        if (sep.Length == 0)
        {
            throw new TemplateRuntimeException("empty separator");
        }
        var pos = s.Length;
        while (result.Count < maxsplit)
        {
            var idx = pos - sep.Length < 0 ? -1 : s.LastIndexOf(sep, pos - 1, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                break;
            }
            result.Add(s[(idx + sep.Length)..pos]);
            pos = idx;
        }
        result.Add(s[..pos]);
        result.Reverse();
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<object?> SplitLines(string s, bool keepEnds)
    {
        var result = new List<object?>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                var eol = i + (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1);
                result.Add(keepEnds ? s[start..eol] : s[start..i]);
                start = i = eol;
                continue;
            }
            i++;
        }
        if (start < s.Length)
        {
            result.Add(s[start..]);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Replace(string s, string old, string @new, long count)
    {
        if (count < 0)
        {
            if (old.Length == 0)
            {
                var sb0 = new StringBuilder(@new);
                foreach (var c in s)
                {
                    sb0.Append(c).Append(@new);
                }
                return sb0.ToString();
            }
            return s.Replace(old, @new, StringComparison.Ordinal);
        }
        var sb = new StringBuilder();
        var pos = 0;
        var n = 0;
        if (old.Length == 0)
        {
            for (var i = 0; i <= s.Length; i++)
            {
                if (n < count)
                {
                    sb.Append(@new);
                    n++;
                }
                if (i < s.Length)
                {
                    sb.Append(s[i]);
                }
            }
            return sb.ToString();
        }
        while (n < count)
        {
            var idx = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                break;
            }
            sb.Append(s, pos, idx - pos).Append(@new);
            pos = idx + old.Length;
            n++;
        }
        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Pad(string s, int width, char fill, string mode)
    {
        Py.CheckSize(width);
        var len = Py.StringLength(s);
        if (len >= width)
        {
            return s;
        }
        var marg = width - len;
        switch (mode)
        {
            case "ljust": return s + new string(fill, marg);
            case "rjust": return new string(fill, marg) + s;
            default:
                var left = (marg / 2) + (marg & width & 1);
                return new string(fill, left) + s + new string(fill, marg - left);
        }
    }

    private static (int Start, int End) Range(int len, object? start, object? end)
    {
        int Fix(object? v, int dflt)
        {
            if (v is null)
            {
                return dflt;
            }
            var i = Py.ToLong(v);
            if (i < 0)
            {
                i += len;
            }
            return (int)Math.Clamp(i, 0, len);
        }
        var s = Fix(start, 0);
        var e = Fix(end, len);
        return (s, Math.Max(s, e));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Sub(string s, object? start, object? end)
    {
        var (a, b) = Range(s.Length, start, end);
        return s[a..b];
    }
}
