using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>{% include name [ignore missing] [with|without context] %}.</summary>
internal sealed class IncludeStmt(SourceText source, int pos, Expr name, bool ignoreMissing, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

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
        var root = withContext ? new Frame(inner, frame) { HidesLoop = true } : new Frame(inner, null);
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

/// <summary>{% import name as alias [with context] %}.</summary>
internal sealed class ImportStmt(SourceText source, int pos, Expr name, string alias, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            frame.Set(alias, Loading.Import(frame, name.Eval(frame), withContext));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}

/// <summary>{% from name import a [as b], c [with context] %}.</summary>
internal sealed class FromImportStmt(SourceText source, int pos, Expr name, (string Name, string Alias)[] names, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            var module = Loading.Import(frame, name.Eval(frame), withContext);
            var (line, _) = Source.Locate(Pos);
            foreach (var (n, alias) in names)
            {
                frame.Set(alias, module.TryGetAttr(n, out var v)
                    ? v
                    : Undefined.WithHint($"the template '{module.Name}' (imported on line {line}) does not export the requested name '{n}'", frame.Ctx.Strict));
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
