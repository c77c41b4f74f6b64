using System.Text.RegularExpressions;

namespace Outpost.Templating.Runtime;

/// <summary>A port of the parts of Python's textwrap.wrap that wordwrap uses (no tab expansion, keep whitespace).</summary>
internal static partial class TextWrap
{
    // textwrap.TextWrapper.wordsep_re: whitespace runs, em-dashes, and words split after hyphens between letters.
    [GeneratedRegex("""([\t\n\x0b\x0c\r ]+|(?<=[\w!"'&.,?])-{2,}(?=\w)|[^\t\n\x0b\x0c\r ]+?(?:-(?:(?<=[^\d\W]{2}-)|(?<=[^\d\W]-[^\d\W]-))(?=[^\d\W]-?[^\d\W])|(?=[\t\n\x0b\x0c\r ]|\z)|(?<=[\w!"'&.,?])(?=-{2,}\w)))""")]
    private static partial Regex HyphenChunks();

    // textwrap.TextWrapper.wordsep_simple_re.
    [GeneratedRegex("""([\t\n\x0b\x0c\r ]+)""")]
    private static partial Regex SimpleChunks();

    public static List<string> Wrap(string text, int width, bool breakLongWords, bool breakOnHyphens)
    {
        if (width <= 0)
        {
            throw new TemplateRuntimeException($"invalid width {width} (must be > 0)");
        }
        var regex = breakOnHyphens ? HyphenChunks() : SimpleChunks();
        var chunks = regex.Split(text).Where(c => c.Length > 0).ToList();
        chunks.Reverse();
        var lines = new List<string>();
        while (chunks.Count > 0)
        {
            var cur = new List<string>();
            var curLen = 0;
            if (string.IsNullOrWhiteSpace(chunks[^1]) && lines.Count > 0)
            {
                chunks.RemoveAt(chunks.Count - 1);
            }
            while (chunks.Count > 0)
            {
                var l = chunks[^1].Length;
                if (curLen + l <= width)
                {
                    cur.Add(chunks[^1]);
                    chunks.RemoveAt(chunks.Count - 1);
                    curLen += l;
                }
                else
                {
                    break;
                }
            }
            if (chunks.Count > 0 && chunks[^1].Length > width)
            {
                var spaceLeft = width < 1 ? 1 : width - curLen;
                if (breakLongWords)
                {
                    var chunk = chunks[^1];
                    var end = spaceLeft;
                    if (breakOnHyphens && chunk.Length > spaceLeft)
                    {
                        var hyphen = spaceLeft > 0 ? chunk.LastIndexOf('-', spaceLeft - 1) : -1;
                        if (hyphen > 0 && chunk[..hyphen].Any(c => c != '-'))
                        {
                            end = hyphen + 1;
                        }
                    }
                    cur.Add(chunk[..end]);
                    chunks[^1] = chunk[end..];
                }
                else if (cur.Count == 0)
                {
                    cur.Add(chunks[^1]);
                    chunks.RemoveAt(chunks.Count - 1);
                }
            }
            if (cur.Count > 0 && string.IsNullOrWhiteSpace(cur[^1]))
            {
                cur.RemoveAt(cur.Count - 1);
            }
            if (cur.Count > 0)
            {
                lines.Add(string.Concat(cur));
            }
        }
        return lines;
    }
}
