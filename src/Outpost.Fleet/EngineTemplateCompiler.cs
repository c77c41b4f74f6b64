using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>The production compiler: Outpost.Templating's Jinja2-compatible engine, one environment per bundle.</summary>
internal sealed class EngineTemplateCompiler(TemplateOptions options, IReadOnlyDictionary<string, string> includes) : ITemplateCompiler
{
    private readonly TemplateEnvironment _environment = new(options, new DictionaryTemplateLoader(includes));

    public static TemplateCompilerFactory Factory { get; } = (options, includes) => new EngineTemplateCompiler(options, includes);

    public Func<IReadOnlyDictionary<string, object?>, string> Compile(string source, string name) => _environment.FromString(source, name).Render;
}
