using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A list literal [a, b]; builds a fresh list each time (lists are mutable).</summary>
internal sealed class ListExpr(SourceText source, int pos, Expr[] items) : Expr(source, pos)
{
    public Expr[] Items { get; } = items;

    public override IEnumerable<Expr> Children => Items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var list = new List<object?>(Items.Length);
        foreach (var item in Items)
        {
            list.Add(item.Eval(frame));
        }
        return list;
    }
}
