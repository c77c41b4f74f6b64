namespace Outpost.Templating;

/// <summary>The template source is not valid Jinja2 (jinja2.TemplateSyntaxError).</summary>
public class TemplateSyntaxException : TemplateException
{
    public TemplateSyntaxException(string message, string? templateName = null, int line = 0, int column = 0, string? sourceLine = null)
        : base(message, templateName, line, column, sourceLine)
    {
    }
}
