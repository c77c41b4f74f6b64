using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>The 'self' variable: self.blockname() renders that block again.</summary>
internal sealed class TemplateReference(RenderContext ctx) : IPyObject
{
    public string TypeName => "TemplateReference";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    // Templates compiled from strings have no name in Jinja (None).
    public string Repr() => ctx.Template.Name == "<template>" ? "<TemplateReference None>" : $"<TemplateReference {Py.Repr(ctx.Template.Name)}>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        if (!ctx.Blocks.TryGetValue(name, out var chain))
        {
            value = null;
            return false;
        }
        value = new Builtin(name, (frame, _) =>
        {
            var saved = ctx.Out;
            var buffer = new System.Text.StringBuilder();
            ctx.Out = buffer;
            try
            {
                Nodes.BlockStmt.Render(chain, 0, ctx.RootFrame ?? frame, ctx);
            }
            finally
            {
                ctx.Out = saved;
            }
            return buffer.ToString();
        });
        return true;
    }
}
