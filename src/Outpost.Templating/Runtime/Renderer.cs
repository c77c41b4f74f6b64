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
        try
        {
            while (true)
            {
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
