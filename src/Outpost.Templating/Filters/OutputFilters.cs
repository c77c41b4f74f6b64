using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Filters;

/// <summary>Builtin filters that produce markup, JSON, URLs or wrapped text.</summary>
internal static partial class BuiltinFilters
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? ToJson(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("tojson", ["indent"], [null]);
        var indent = args[0] is null ? (int?)null : (int)Py.ToLong(args[0]);
        var json = PyJson.Dumps(v, indent, sortKeys: true);
        json = json.Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal)
            .Replace("'", "\\u0027", StringComparison.Ordinal);
        return new Markup(json);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? UrlEncode(Frame frame, object? v, CallArgs a)
    {
        a.ExpectNone("urlencode");
        if (v is string or Markup || !Py.IsIterable(v) || v is Undefined)
        {
            return UrlQuote(Py.Str(v), false);
        }
        IEnumerable<object?> pairs = Py.AsMapping(v) is { } map
            ? map.Items().Select(kv => (object?)new PyTuple([kv.Key, kv.Value]))
            : Py.Iterate(v);
        return string.Join("&", pairs.Select(p =>
        {
            var kv = Py.ToList(p);
            return $"{UrlQuote(Py.Str(kv[0]), true)}={UrlQuote(Py.Str(kv[1]), true)}";
        }));
    }

    /// <summary>urllib.parse.quote_from_bytes over UTF-8, '/' safe unless for a query string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string UrlQuote(string s, bool forQs)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (c == '/' && !forQs))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var rv = sb.ToString();
        return forQs ? rv.Replace("%20", "+", StringComparison.Ordinal) : rv;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? XmlAttr(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("xmlattr", ["autospace"], [true]);
        var map = Py.AsMapping(v) ?? throw new TemplateRuntimeException($"'{Py.TypeName(v)}' object has no attribute 'items'");
        var items = new List<string>();
        foreach (var (k, val) in map.Items())
        {
            if (val is null or Undefined)
            {
                continue;
            }
            var key = Py.Str(k);
            if (key.Any(c => c is '/' or '>' or '=' || (c < 128 && char.IsWhiteSpace(c))))
            {
                throw new TemplateRuntimeException($"Invalid character in attribute name: {Py.Repr(key)}");
            }
            items.Add($"{Markup.Escape(key).Value}=\"{Markup.Escape(val).Value}\"");
        }
        var rv = string.Join(" ", items);
        if (Py.Truthy(args[0]) && rv.Length > 0)
        {
            rv = " " + rv;
        }
        return rv;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? WordWrap(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("wordwrap", ["width", "break_long_words", "wrapstring", "break_on_hyphens"], [79L, true, null, true]);
        var width = (int)Py.ToLong(args[0]);
        var wrap = args[2] is null ? "\n" : Py.Str(args[2]);
        Py.CheckDefined(v);
        var text = Py.AsString(v) ?? throw new TemplateRuntimeException($"'{Py.TypeName(v)}' object has no attribute 'splitlines'");
        var lines = StringMethods.SplitLines(text, false).Cast<string>();
        return string.Join(wrap, lines.Select(l => string.Join(wrap, TextWrap.Wrap(l, width, Py.Truthy(args[1]), Py.Truthy(args[3])))));
    }

    [GeneratedRegex(@"^(
        (https?://|www\.)
        (([\w%-]+\.)+)?
        ([a-z]{2,63}|xn--[\w%]{2,59})
      |
        ([\w%-]{2,63}\.)+
        (com|net|int|edu|gov|org|info|mil)
      |
        (https?://)
        ((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}]))
      )
      (?::[\d]{1,5})?
      (?:[/?\#]\S*)?
      $", RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex HttpRegex();

    [GeneratedRegex(@"^\S+@\w[\w.-]*\.\w+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^([(<]|&lt;)+")]
    private static partial Regex LeadRegex();

    [GeneratedRegex(@"([)>.,\n]|&gt;)+$")]
    private static partial Regex TrailRegex();

    [GeneratedRegex(@"(\s+)")]
    private static partial Regex SpaceSplitRegex();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Urlize(Frame frame, object? v, CallArgs a)
    {
        var args = a.Bind("urlize", ["trim_url_limit", "nofollow", "target", "rel", "extra_schemes"], [null, false, null, null, null]);
        var relParts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in (args[3] is null ? string.Empty : Py.Str(args[3])).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            relParts.Add(p);
        }
        if (Py.Truthy(args[1]))
        {
            relParts.Add("nofollow");
        }
        relParts.Add("noopener");
        var rel = string.Join(" ", relParts);
        var limit = args[0] is null ? (int?)null : (int)Py.ToLong(args[0]);
        string Trim(string x) => limit is { } l && x.Length > l ? x[..l] + "..." : x;
        var relAttr = rel.Length > 0 ? $" rel=\"{Markup.EscapeText(rel)}\"" : string.Empty;
        var targetAttr = args[2] is not null && Py.Truthy(args[2]) ? $" target=\"{Markup.Escape(args[2]).Value}\"" : string.Empty;
        var words = SpaceSplitRegex().Split(Markup.Escape(v).Value);
        for (var i = 0; i < words.Length; i++)
        {
            var middle = words[i];
            string head = string.Empty, tail = string.Empty;
            var m = LeadRegex().Match(middle);
            if (m.Success)
            {
                head = m.Value;
                middle = middle[m.Length..];
            }
            if (middle.EndsWith(')') || middle.EndsWith('>') || middle.EndsWith('.') || middle.EndsWith(',') || middle.EndsWith('\n') || middle.EndsWith("&gt;", StringComparison.Ordinal))
            {
                var t = TrailRegex().Match(middle);
                if (t.Success)
                {
                    tail = t.Value;
                    middle = middle[..t.Index];
                }
            }
            foreach (var (open, close) in new[] { ("(", ")"), ("<", ">"), ("&lt;", "&gt;") })
            {
                var startCount = Count(middle, open);
                if (startCount <= Count(middle, close))
                {
                    continue;
                }
                for (var k = 0; k < Math.Min(startCount, Count(tail, close)); k++)
                {
                    var endIndex = tail.IndexOf(close, StringComparison.Ordinal) + close.Length;
                    middle += tail[..endIndex];
                    tail = tail[endIndex..];
                }
            }
            if (HttpRegex().IsMatch(middle))
            {
                var href = middle.StartsWith("https://", StringComparison.Ordinal) || middle.StartsWith("http://", StringComparison.Ordinal) ? middle : "https://" + middle;
                middle = $"<a href=\"{href}\"{relAttr}{targetAttr}>{Trim(middle)}</a>";
            }
            else if (middle.StartsWith("mailto:", StringComparison.Ordinal) && EmailRegex().IsMatch(middle[7..]))
            {
                middle = $"<a href=\"{middle}\">{middle[7..]}</a>";
            }
            else if (middle.Contains('@', StringComparison.Ordinal) && !middle.StartsWith("www.", StringComparison.Ordinal) && !middle.Contains(':', StringComparison.Ordinal) && EmailRegex().IsMatch(middle))
            {
                middle = $"<a href=\"mailto:{middle}\">{middle}</a>";
            }
            words[i] = head + middle + tail;
        }
        return string.Concat(words);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Count(string s, string sub)
    {
        var n = 0;
        var i = 0;
        while ((i = s.IndexOf(sub, i, StringComparison.Ordinal)) >= 0)
        {
            n++;
            i += sub.Length;
        }
        return n;
    }
}
