using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Arithmetic binary operators.</summary>
internal sealed class BinaryExpr(SourceText source, int pos, string op, Expr left, Expr right) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [left, right];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var a = left.Eval(frame);
        var b = right.Eval(frame);
        return op switch
        {
            "+" => Py.Add(a, b),
            "-" => Py.Sub(a, b),
            "*" => Py.Mul(a, b),
            "/" => Py.TrueDiv(a, b),
            "//" => Py.FloorDiv(a, b),
            "%" => Py.Mod(a, b),
            _ => Py.Pow(a, b),
        };
    }
}
