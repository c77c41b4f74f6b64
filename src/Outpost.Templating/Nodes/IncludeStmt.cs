using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% include name [ignore missing] [with|without context] %}.</summary>
internal sealed class IncludeStmt(SourceText source, int pos, Expr name, bool ignoreMissing, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols) => symbols.Load(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var ctx = frame.Ctx;
        CompiledTemplate? template;
        try
        {
            template = Loading.Select(ctx, name.Eval(frame), ignoreMissing);
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
        if (template is null)
        {
            return;
        }
        var inner = new RenderContext(ctx.Environment, template, ctx.Out);
        var root = withContext ? new Frame(inner, frame) { HidesLoop = true, SkipsPending = true } : new Frame(inner, null);
        inner.RootFrame = root;
        RenderContext.Enter(ctx);
        try
        {
            Renderer.Run(inner, template, root);
        }
        catch (TemplateRuntimeException ex) when (!ex.HasLocation)
        {
            throw Locate(ex);
        }
        finally
        {
            RenderContext.Leave();
        }
    }
}
