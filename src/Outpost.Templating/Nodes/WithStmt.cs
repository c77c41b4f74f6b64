using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% with a=1 %}: a new scope with some assignments.</summary>
internal sealed class WithStmt(SourceText source, int pos, Target[] targets, Expr[] values, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => values.Cast<Node>().Concat(body);

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        foreach (var v in values)
        {
            symbols.Load(v);
        }
        symbols.Nested(this, targets.SelectMany(t => t.Names), () => symbols.Visit(body), p => Pending = p);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var inner = new Frame(frame.Ctx, frame);
        DeclarePending(Pending, inner);
        try
        {
            for (var i = 0; i < targets.Length; i++)
            {
                targets[i].Assign(inner, values[i].Eval(frame));
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
        ExecAll(body, inner);
    }
}
