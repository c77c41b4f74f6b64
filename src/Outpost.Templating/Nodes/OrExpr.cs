using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Python 'or': returns the deciding operand.</summary>
internal sealed class OrExpr(SourceText source, int pos, Expr left, Expr right) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [left, right];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var a = left.Eval(frame);
        return Py.Truthy(a) ? a : right.Eval(frame);
    }
}
