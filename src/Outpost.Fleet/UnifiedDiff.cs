using System.Globalization;
using System.Text;

namespace Outpost.Fleet;

/// <summary>Line-based unified diffs (Myers' O(ND) algorithm), in the format git and patch understand.</summary>
public static class UnifiedDiff
{
    /// <summary>A unified diff of two byte contents, or a one-line note for binary files; empty when they are equal.</summary>
    public static string Create(string fromLabel, string toLabel, byte[]? from, byte[]? to, int context = 3)
    {
        if (from is not null && to is not null && from.AsSpan().SequenceEqual(to))
        {
            return "";
        }
        if (IsBinary(from) || IsBinary(to))
        {
            return $"Binary files {(from is null ? "/dev/null" : fromLabel)} and {(to is null ? "/dev/null" : toLabel)} differ\n";
        }
        return Create(
            from is null ? "/dev/null" : fromLabel,
            to is null ? "/dev/null" : toLabel,
            from is null ? "" : Encoding.UTF8.GetString(from),
            to is null ? "" : Encoding.UTF8.GetString(to),
            context);
    }

    /// <summary>A unified diff of two texts; empty when they are equal.</summary>
    public static string Create(string fromLabel, string toLabel, string from, string to, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to)
        {
            return "";
        }
        var a = SplitLines(from);
        var b = SplitLines(to);
        var script = EditScript(a, b);
        var output = new StringBuilder();
        output.Append("--- ").Append(fromLabel).Append('\n');
        output.Append("+++ ").Append(toLabel).Append('\n');
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Op == ' ')
            {
                i++;
                continue;
            }
            // Grow the hunk while the next change is within 2*context unchanged lines.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < script.Count && script[end].Op != ' ')
                {
                    end++;
                }
                var next = end;
                while (next < script.Count && script[next].Op == ' ')
                {
                    next++;
                }
                if (next < script.Count && next - end <= 2 * context)
                {
                    end = next;
                    continue;
                }
                end = Math.Min(script.Count, end + context);
                break;
            }
            AppendHunk(output, script, start, end, a, b);
            i = end;
        }
        return output.ToString();
    }

    private static void AppendHunk(StringBuilder output, List<Edit> script, int start, int end, string[] a, string[] b)
    {
        var fromStart = script[start].A;
        var toStart = script[start].B;
        var fromCount = script.Skip(start).Take(end - start).Count(e => e.Op != '+');
        var toCount = script.Skip(start).Take(end - start).Count(e => e.Op != '-');
        output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(fromStart, fromCount)} +{Range(toStart, toCount)} @@\n");
        for (var i = start; i < end; i++)
        {
            var edit = script[i];
            var line = edit.Op == '+' ? b[edit.B] : a[edit.A];
            output.Append(edit.Op);
            if (line.EndsWith('\n'))
            {
                output.Append(line);
            }
            else
            {
                output.Append(line).Append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    private readonly record struct Edit(char Op, int A, int B);

    /// <summary>Lines with their terminators, so a missing final newline shows as a change.</summary>
    private static string[] SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return [.. lines];
    }

    private static List<Edit> EditScript(string[] a, string[] b)
    {
        // Common prefix and suffix are cheap to strip and keep the Myers trace small.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var script = new List<Edit>();
        for (var i = 0; i < prefix; i++)
        {
            script.Add(new Edit(' ', i, i));
        }
        script.AddRange(Myers(a, b, prefix, a.Length - suffix, prefix, b.Length - suffix));
        for (var i = 0; i < suffix; i++)
        {
            script.Add(new Edit(' ', a.Length - suffix + i, b.Length - suffix + i));
        }
        return script;
    }

    private static List<Edit> Myers(string[] a, string[] b, int aStart, int aEnd, int bStart, int bEnd)
    {
        var n = aEnd - aStart;
        var m = bEnd - bStart;
        var max = n + m;
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var done = max == 0;
        for (var d = 0; d <= max && !done; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[aStart + x] == b[bStart + y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    done = true;
                    break;
                }
            }
        }
        var edits = new List<Edit>();
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            var prevK = k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1]) ? k + 1 : k - 1;
            var prevX = previous[offset + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                cx--;
                cy--;
                edits.Add(new Edit(' ', aStart + cx, bStart + cy));
            }
            if (cx == prevX)
            {
                cy--;
                edits.Add(new Edit('+', aStart + cx, bStart + cy));
            }
            else
            {
                cx--;
                edits.Add(new Edit('-', aStart + cx, bStart + cy));
            }
        }
        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            edits.Add(new Edit(' ', aStart + cx, bStart + cy));
        }
        edits.Reverse();
        return edits;
    }

    private static bool IsBinary(byte[]? content) => content is not null && content.AsSpan(0, Math.Min(content.Length, 8000)).Contains((byte)0);
}
