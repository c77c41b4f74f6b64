using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% extends name %}: after this the template only contributes blocks.</summary>
internal sealed class ExtendsStmt(SourceText source, int pos, Expr parent) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [parent];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols) => symbols.Load(parent);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var ctx = frame.Ctx;
        try
        {
            if (ctx.ParentTemplate is not null)
            {
                throw new TemplateRuntimeException("extended multiple times");
            }
            var template = Loading.Resolve(ctx, parent.Eval(frame));
            ctx.AddBlocks(template);
            ctx.ParentTemplate = template;
            // The child's own output after extends is discarded, as Jinja does.
            ctx.Out = new System.Text.StringBuilder();
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
