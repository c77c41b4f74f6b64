using System.Runtime.CompilerServices;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>Runs a template's root body, then its parents' when it extends one.</summary>
internal static class Renderer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(RenderContext ctx, CompiledTemplate template, Frame root)
    {
        ctx.AddBlocks(template);
        var realOut = ctx.Out;
        var current = template;
        var levels = 0;
        try
        {
            while (true)
            {
                if (++levels > ctx.Environment.Options.MaxRecursionDepth)
                {
                    // a extends b extends a ... would loop forever; Jinja ends with a RecursionError.
                    throw new TemplateRuntimeException($"maximum recursion depth exceeded (template '{current.Name}' extends itself through its parents)");
                }
                ctx.ParentTemplate = null;
                foreach (var name in current.PendingLocals)
                {
                    var had = root.TryGetLocal(name, out var previous);
                    if (previous is Undefined { IsPending: true } older)
                    {
                        had = older.HasShadowed;
                        previous = older.Shadowed;
                    }
                    root.Set(name, Undefined.Pending(name, ctx.Strict, had, previous));
                }
                Stmt.ExecAll(current.Body, root);
                if (ctx.ParentTemplate is null)
                {
                    break;
                }
                current = ctx.ParentTemplate;
                ctx.Out = realOut;
            }
        }
        finally
        {
            ctx.Out = realOut;
            ctx.ParentTemplate = null;
        }
    }
}
