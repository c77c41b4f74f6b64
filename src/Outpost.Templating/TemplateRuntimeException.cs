namespace Outpost.Templating;

/// <summary>An error raised while rendering (type errors, bad filter arguments, sandbox limits).</summary>
public class TemplateRuntimeException : TemplateException
{
    public TemplateRuntimeException(string message, string? templateName = null, int line = 0, int column = 0, string? sourceLine = null, Exception? inner = null)
        : base(message, templateName, line, column, sourceLine, inner)
    {
    }

    /// <summary>Returns a copy of this error pinned to a template location (same concrete type).</summary>
    internal virtual TemplateRuntimeException WithLocation(string name, int line, int column, string? sourceLine)
        => new(BareMessage, name, line, column, sourceLine, this);
}
