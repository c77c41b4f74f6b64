using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using Outpost.Templating.Tests;

namespace Outpost.Templating.Nodes;

/// <summary>value is [not] test(args).</summary>
internal sealed class TestExpr(SourceText source, int pos, Expr value, string name, TestFunc test, ArgList args, bool negate) : Expr(source, pos)
{
    public string Name { get; } = name;

    public override IEnumerable<Expr> Children => Args.All.Prepend(value);

    public ArgList Args { get; } = args;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var r = test(frame, value.Eval(frame), Args.Eval(frame));
        return Boxes.Bool(negate ? !r : r);
    }
}
