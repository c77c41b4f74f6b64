using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>start:stop:step inside a subscript.</summary>
internal sealed class SliceExpr(SourceText source, int pos, Expr? start, Expr? stop, Expr? step) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => new[] { start, stop, step }.OfType<Expr>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => new Slice(start?.Eval(frame), stop?.Eval(frame), step?.Eval(frame));
}
