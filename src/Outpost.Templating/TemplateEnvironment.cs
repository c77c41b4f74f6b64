using System.Collections.Concurrent;

namespace Outpost.Templating;

/// <summary>Holds options and a loader, and compiles and caches templates (jinja2.Environment).</summary>
public sealed class TemplateEnvironment
{
    private readonly ConcurrentDictionary<string, Lazy<Template>> _cache = new(StringComparer.Ordinal);

    public TemplateEnvironment(TemplateOptions? options = null, ITemplateLoader? loader = null)
    {
        Options = options ?? new TemplateOptions();
        Loader = loader;
    }

    public TemplateOptions Options { get; }

    public ITemplateLoader? Loader { get; }

    /// <summary>Loads the named template through the loader, compiling it once; later calls share the compiled template.</summary>
    public Template GetTemplate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lazy = _cache.GetOrAdd(name, n => new Lazy<Template>(() => Load(n), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache failures: the file may be fixed or appear later.
            _cache.TryRemove(new KeyValuePair<string, Lazy<Template>>(name, lazy));
            throw;
        }
    }

    /// <summary>Compiles a template from source text; the result is not cached by the environment.</summary>
    public Template FromString(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Template(this, name ?? "<template>", source);
    }

    private Template Load(string name)
    {
        var source = Loader?.Load(name) ?? throw new TemplateNotFoundException(name);
        return new Template(this, name, source);
    }
}
