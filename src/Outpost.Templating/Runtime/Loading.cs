using System.Collections;
using System.Runtime.CompilerServices;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>Resolves template names for extends, include and import through the environment's loader.</summary>
internal static class Loading
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CompiledTemplate Resolve(RenderContext ctx, object? name) => ResolveTemplate(ctx, name).Compiled;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Template ResolveTemplate(RenderContext ctx, object? name)
    {
        return name switch
        {
            string s => ctx.Environment.GetTemplate(s),
            Markup m => ctx.Environment.GetTemplate(m.Value),
            Undefined u => throw u.Fail(),
            _ => throw new TemplateRuntimeException($"expected a template name, got {Py.TypeName(name)}"),
        };
    }

    /// <summary>Picks the first existing template of a name or list of names (include semantics).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CompiledTemplate? Select(RenderContext ctx, object? names, bool ignoreMissing)
    {
        if (names is IList list && names is not string)
        {
            foreach (var n in list)
            {
                try
                {
                    return Resolve(ctx, n);
                }
                catch (TemplateNotFoundException)
                {
                }
            }
            if (ignoreMissing)
            {
                return null;
            }
            throw new TemplateNotFoundException(Py.Str(names));
        }
        try
        {
            return Resolve(ctx, names);
        }
        catch (TemplateNotFoundException) when (ignoreMissing)
        {
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TemplateModule Import(Frame frame, object? name, bool withContext)
    {
        var ctx = frame.Ctx;
        var resolved = ResolveTemplate(ctx, name);
        if (!withContext)
        {
            // Like Jinja, a module imported without context is built once per template and shared.
            return resolved.GetDefaultModule(() => BuildModule(frame, resolved.Compiled, false));
        }
        return BuildModule(frame, resolved.Compiled, true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TemplateModule BuildModule(Frame frame, CompiledTemplate template, bool withContext)
    {
        var ctx = frame.Ctx;
        var buffer = new System.Text.StringBuilder();
        var inner = new RenderContext(ctx.Environment, template, buffer);
        // With context, the module sees the importer's variables as they are now, not later changes.
        var root = withContext ? new Frame(inner, null, frame.Snapshot()) : new Frame(inner, null);
        inner.RootFrame = root;
        RenderContext.Enter(ctx);
        try
        {
            Renderer.Run(inner, template, root);
        }
        finally
        {
            RenderContext.Leave();
        }
        var exports = new Dictionary<string, object?>();
        foreach (var (k, v) in root.Locals())
        {
            if (!k.StartsWith('_'))
            {
                exports[k] = v;
            }
        }
        return new TemplateModule(template.Name, exports, buffer.ToString());
    }
}
