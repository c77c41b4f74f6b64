namespace Outpost.Templating;

/// <summary>A compiled template; immutable and safe to render from many threads at once.</summary>
public sealed class Template
{
    private readonly string _source;

    internal Template(TemplateEnvironment environment, string name, string source)
    {
        Environment = environment;
        Name = name;
        _source = source;
    }

    public string Name { get; }

    internal TemplateEnvironment Environment { get; }

    public string Render(IReadOnlyDictionary<string, object?> data)
    {
        using var writer = new StringWriter();
        Render(data, writer);
        return writer.ToString();
    }

    public void Render(IReadOnlyDictionary<string, object?> data, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(_source);
    }
}
