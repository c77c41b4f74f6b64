namespace Outpost.Templating;

/// <summary>An undefined value was used in a way that needs a real value (jinja2.UndefinedError).</summary>
public class UndefinedException : TemplateRuntimeException
{
    public UndefinedException(string message, string? templateName = null, int line = 0, int column = 0, string? sourceLine = null, Exception? inner = null)
        : base(message, templateName, line, column, sourceLine, inner)
    {
    }

    internal override TemplateRuntimeException WithLocation(string name, int line, int column, string? sourceLine)
        => new UndefinedException(BareMessage, name, line, column, sourceLine, this);
}
