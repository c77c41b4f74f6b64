using System.Globalization;
using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>markupsafe's striptags and html.unescape for the common entities.</summary>
internal static class HtmlText
{
    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["quot"] = "\"", ["apos"] = "'", ["nbsp"] = "\u00a0",
        ["copy"] = "\u00a9", ["reg"] = "\u00ae", ["trade"] = "\u2122", ["hellip"] = "\u2026", ["mdash"] = "\u2014",
        ["ndash"] = "\u2013", ["laquo"] = "\u00ab", ["raquo"] = "\u00bb", ["euro"] = "\u20ac", ["middot"] = "\u00b7",
    };

    public static string StripTags(string value)
    {
        int start;
        while ((start = value.IndexOf("<!--", StringComparison.Ordinal)) != -1)
        {
            var end = value.IndexOf("-->", start, StringComparison.Ordinal);
            if (end == -1)
            {
                break;
            }
            value = value[..start] + value[(end + 3)..];
        }
        while ((start = value.IndexOf('<', StringComparison.Ordinal)) != -1)
        {
            var end = value.IndexOf('>', start);
            if (end == -1)
            {
                break;
            }
            value = value[..start] + value[(end + 1)..];
        }
        value = string.Join(" ", value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Unescape(value);
    }

    public static string Unescape(string s)
    {
        if (!s.Contains('&', StringComparison.Ordinal))
        {
            return s;
        }
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == '&')
            {
                var semi = s.IndexOf(';', i);
                if (semi > i && semi - i <= 32)
                {
                    var name = s[(i + 1)..semi];
                    if (name.StartsWith('#'))
                    {
                        var isHex = name.Length > 1 && name[1] is 'x' or 'X';
                        if (int.TryParse(isHex ? name[2..] : name[1..], isHex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is > 0 and < 0x110000)
                        {
                            sb.Append(char.ConvertFromUtf32(code));
                            i = semi + 1;
                            continue;
                        }
                    }
                    else if (Entities.TryGetValue(name, out var rep))
                    {
                        sb.Append(rep);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            sb.Append(s[i]);
            i++;
        }
        return sb.ToString();
    }
}
