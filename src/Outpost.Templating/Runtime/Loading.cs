using System.Collections;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>Resolves template names for extends, include and import through the environment's loader.</summary>
internal static class Loading
{
    public static CompiledTemplate Resolve(RenderContext ctx, object? name)
    {
        return name switch
        {
            string s => ctx.Environment.GetTemplate(s).Compiled,
            Markup m => ctx.Environment.GetTemplate(m.Value).Compiled,
            Undefined u => throw u.Fail(),
            _ => throw new TemplateRuntimeException($"expected a template name, got {Py.TypeName(name)}"),
        };
    }

    /// <summary>Picks the first existing template of a name or list of names (include semantics).</summary>
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

    public static TemplateModule Import(Frame frame, object? name, bool withContext)
    {
        var ctx = frame.Ctx;
        var template = Resolve(ctx, name);
        var buffer = new System.Text.StringBuilder();
        var inner = new RenderContext(ctx.Environment, template, buffer);
        var root = withContext ? new Frame(inner, frame) : new Frame(inner, null);
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
