using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A literal constant.</summary>
internal sealed class ConstExpr(SourceText source, int pos, object? value) : Expr(source, pos)
{
    public object? Value { get; } = value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Value;
}
