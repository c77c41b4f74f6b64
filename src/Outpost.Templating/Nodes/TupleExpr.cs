using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A tuple literal (a, b) or bare a, b.</summary>
internal sealed class TupleExpr(SourceText source, int pos, Expr[] items) : Expr(source, pos)
{
    public Expr[] Items { get; } = items;

    public override IEnumerable<Expr> Children => Items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        if (Items.Length == 0)
        {
            return PyTuple.Empty;
        }
        var values = new object?[Items.Length];
        for (var i = 0; i < Items.Length; i++)
        {
            values[i] = Items[i].Eval(frame);
        }
        return new PyTuple(values);
    }
}
