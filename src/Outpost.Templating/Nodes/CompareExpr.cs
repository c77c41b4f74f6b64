using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Chained comparison a &lt; b &lt;= c, including in / not in.</summary>
internal sealed class CompareExpr(SourceText source, int pos, Expr first, string[] ops, Expr[] operands) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => operands.Prepend(first);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var left = first.Eval(frame);
        for (var i = 0; i < ops.Length; i++)
        {
            var right = operands[i].Eval(frame);
            if (!Apply(ops[i], left, right))
            {
                return Boxes.False;
            }
            left = right;
        }
        return Boxes.True;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Apply(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==": return Py.Equals(a, b);
            case "!=": return !Py.Equals(a, b);
            case "in": return Py.Contains(b, a);
            case "notin": return !Py.Contains(b, a);
        }
        var c = Py.Compare(a, b, op);
        if (c == 2)
        {
            return false;
        }
        return op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            _ => c >= 0,
        };
    }
}
