using System.Text;
using System.Text.Json;

namespace Outpost.Templating.Tests.Differential;

/// <summary>Builds the failure messages: the case, its templates and data, expected and actual, and where they part.</summary>
public static class MismatchReport
{
    private const int SnippetRadius = 30;

    private static readonly JsonSerializerOptions Escaping = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string CorpusProblem(DifferentialCase c) =>
        Header(c, "corpus problem (fix the case, not the engine): " + c.Problem).ToString();

    public static string EngineThrew(DifferentialCase c, Exception ex)
    {
        var text = Header(c, "Jinja2 rendered the case but the engine threw");
        Block(text, "expected (Jinja2)", c.Result.Output ?? string.Empty);
        text.Append("engine threw: ").Append(ex.GetType().FullName).Append(": ").AppendLine(ex.Message);
        if (ex is not TemplateException)
        {
            text.AppendLine(ex.StackTrace);
        }
        return text.ToString();
    }

    public static string EngineDidNotFail(DifferentialCase c, EngineOutcome outcome)
    {
        var text = Header(c, "Jinja2 raised, so the engine must throw a TemplateException");
        text.Append("Jinja2 raised: ").AppendLine(c.Result.Error);
        if (outcome.Exception is null)
        {
            Block(text, "engine rendered instead", outcome.Output ?? string.Empty);
        }
        else
        {
            text.Append("engine threw a non-TemplateException: ").Append(outcome.Exception.GetType().FullName)
                .Append(": ").AppendLine(outcome.Exception.Message).AppendLine(outcome.Exception.StackTrace);
        }
        return text.ToString();
    }

    public static string OutputDiffers(DifferentialCase c, string expected, string actual)
    {
        var text = Header(c, "output differs from Jinja2");
        Block(text, "expected (Jinja2)", expected);
        Block(text, "actual (engine)", actual);
        var at = FirstDifference(expected, actual);
        var (line, column) = LineAndColumn(expected, at);
        text.Append("first difference at index ").Append(at).Append(" (line ").Append(line).Append(", column ")
            .Append(column).Append("), expected length ").Append(expected.Length).Append(", actual length ")
            .Append(actual.Length).AppendLine();
        text.Append("  expected: ").AppendLine(Snippet(expected, at));
        text.Append("  actual:   ").AppendLine(Snippet(actual, at));
        return text.ToString();
    }

    public static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }
        return n;
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (line, column);
    }

    private static string Snippet(string text, int at)
    {
        var start = Math.Max(0, at - SnippetRadius);
        var end = Math.Min(text.Length, at + SnippetRadius);
        var prefix = start > 0 ? "…" : string.Empty;
        var suffix = end < text.Length ? "…" : string.Empty;
        return prefix + Escape(text[start..Math.Min(at, text.Length)]) + "⟨HERE⟩"
            + Escape(at < text.Length ? text[at..end] : string.Empty) + suffix;
    }

    private static string Escape(string s)
    {
        var json = JsonSerializer.Serialize(s, Escaping);
        return json[1..^1];
    }

    private static StringBuilder Header(DifferentialCase c, string verdict)
    {
        var text = new StringBuilder();
        text.Append("case ").Append(c.Name).Append(" (Cases/").Append(c.File).Append("): ").AppendLine(verdict);
        text.Append("options: trim_blocks=").Append(c.Options.TrimBlocks).Append(", lstrip_blocks=").Append(c.Options.LstripBlocks)
            .Append(", keep_trailing_newline=").Append(c.Options.KeepTrailingNewline).Append(", strict=").Append(c.Options.Strict)
            .AppendLine();
        foreach (var (name, source) in c.Templates.OrderBy(t => t.Key == DifferentialCase.MainTemplate ? "" : t.Key, StringComparer.Ordinal))
        {
            Block(text, "template " + name, source);
        }
        text.Append("data: ").AppendLine(c.DataJson);
        return text;
    }

    private static void Block(StringBuilder text, string title, string body)
    {
        text.Append("--- ").Append(title).Append(" (escaped: \"").Append(Escape(body)).AppendLine("\")");
        text.AppendLine(body);
        text.AppendLine("---");
    }
}
