namespace Outpost.Templating;

/// <summary>Base of every error raised while compiling or rendering a template; carries where it happened.</summary>
public class TemplateException : Exception
{
    public TemplateException(string message, string? templateName = null, int line = 0, int column = 0, string? sourceLine = null, Exception? inner = null)
        : base(Compose(message, templateName, line, column, sourceLine), inner)
    {
        BareMessage = message;
        TemplateName = templateName ?? "<template>";
        Line = line;
        Column = column;
        SourceLine = sourceLine;
    }

    /// <summary>The error text without location decoration.</summary>
    public string BareMessage { get; }

    public string TemplateName { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    public string? SourceLine { get; }

    internal bool HasLocation => Line > 0;

    private static string Compose(string message, string? name, int line, int column, string? sourceLine)
    {
        if (line <= 0)
        {
            return name is null ? message : $"{message} (template '{name}')";
        }
        var text = $"{message} (template '{name ?? "<template>"}', line {line}, column {column})";
        return sourceLine is null ? text : text + Environment.NewLine + "    " + sourceLine.TrimEnd();
    }
}
