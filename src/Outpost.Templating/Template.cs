using System.Text;
using Outpost.Templating.Lexing;
using Outpost.Templating.Nodes;
using Outpost.Templating.Parsing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating;

/// <summary>A compiled template; immutable and safe to render from many threads at once.</summary>
public sealed class Template
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new Dictionary<string, object?>();

    internal Template(TemplateEnvironment environment, string name, string source)
    {
        Environment = environment;
        Name = name;
        // Jinja's lexer turns every \r\n and \r into \n before anything else.
        if (source.Contains('\r', StringComparison.Ordinal))
        {
            source = source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        var text = new SourceText(name, source);
        try
        {
            Compiled = new Parser(text, environment.Options).Parse();
        }
        catch (Exception ex) when (ex is not TemplateException)
        {
            // A compiler bug must still surface as a template error, never as a crash of the caller.
            throw new TemplateSyntaxException($"could not compile template: {ex.Message}", name);
        }
    }

    public string Name { get; }

    internal TemplateEnvironment Environment { get; }

    internal CompiledTemplate Compiled { get; }

    private TemplateModule? _defaultModule;

    /// <summary>The module for imports without context, built on first use (a failed build is not cached).</summary>
    internal TemplateModule GetDefaultModule(Func<TemplateModule> build)
    {
        var module = Volatile.Read(ref _defaultModule);
        if (module is null)
        {
            module = build();
            module = Interlocked.CompareExchange(ref _defaultModule, module, null) ?? module;
        }
        return module;
    }

    public string Render(IReadOnlyDictionary<string, object?> data)
    {
        var sb = BuilderPool.Rent();
        RenderTo(data, sb);
        return BuilderPool.ToStringAndReturn(sb);
    }

    public void Render(IReadOnlyDictionary<string, object?> data, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sb = BuilderPool.Rent();
        RenderTo(data, sb);
        output.Write(sb);
        BuilderPool.Return(sb);
    }

    private void RenderTo(IReadOnlyDictionary<string, object?>? data, StringBuilder sb)
    {
        var ctx = new RenderContext(Environment, Compiled, sb);
        var root = new Frame(ctx, null, data ?? NoData);
        ctx.RootFrame = root;
        try
        {
            Renderer.Run(ctx, Compiled, root);
        }
        catch (TemplateException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidCastException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or KeyNotFoundException or OverflowException or FormatException or NotSupportedException)
        {
            throw new TemplateRuntimeException($"{ex.GetType().Name}: {ex.Message}", Name, inner: ex);
        }
    }
}
