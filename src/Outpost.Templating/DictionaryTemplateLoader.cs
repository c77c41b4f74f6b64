namespace Outpost.Templating;

/// <summary>Serves templates from an in-memory name to source map (jinja2.DictLoader).</summary>
public sealed class DictionaryTemplateLoader : ITemplateLoader
{
    private readonly Dictionary<string, string> _templates;

    public DictionaryTemplateLoader(IReadOnlyDictionary<string, string> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        _templates = new Dictionary<string, string>(templates, StringComparer.Ordinal);
    }

    public string? Load(string name) => _templates.TryGetValue(name, out var source) ? source : null;
}
