namespace Outpost.Templating;

/// <summary>No loader could find the named template (jinja2.TemplateNotFound).</summary>
public class TemplateNotFoundException : TemplateRuntimeException
{
    public TemplateNotFoundException(string missingName, string? templateName = null, int line = 0, int column = 0, string? sourceLine = null, Exception? inner = null)
        : base($"template not found: {missingName}", templateName, line, column, sourceLine, inner)
    {
        MissingName = missingName;
    }

    /// <summary>The name that was looked up.</summary>
    public string MissingName { get; }

    internal override TemplateRuntimeException WithLocation(string name, int line, int column, string? sourceLine)
        => new TemplateNotFoundException(MissingName, name, line, column, sourceLine, this);
}
