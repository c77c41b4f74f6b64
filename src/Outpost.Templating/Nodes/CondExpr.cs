using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>a if cond else b; without else yields undefined.</summary>
internal sealed class CondExpr(SourceText source, int pos, Expr test, Expr then, Expr? otherwise) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => new[] { test, then, otherwise }.OfType<Expr>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        if (Py.Truthy(test.Eval(frame)))
        {
            return then.Eval(frame);
        }
        if (otherwise is not null)
        {
            return otherwise.Eval(frame);
        }
        var (line, _) = Source.Locate(Pos);
        return Undefined.WithHint($"the inline if-expression on line {line} evaluated to false and no else section was defined.", frame.Ctx.Strict);
    }
}
