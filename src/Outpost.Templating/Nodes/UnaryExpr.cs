using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Unary not, minus and plus.</summary>
internal sealed class UnaryExpr(SourceText source, int pos, string op, Expr operand) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [operand];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        return op switch
        {
            "not" => Boxes.Bool(!Py.Truthy(v)),
            "-" => Py.Negate(v),
            _ => Py.Plus(v),
        };
    }
}
