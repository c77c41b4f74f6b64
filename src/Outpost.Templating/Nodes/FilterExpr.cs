using System.Runtime.CompilerServices;
using Outpost.Templating.Filters;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>value|filter(args), resolved to the builtin filter at parse time.</summary>
internal sealed class FilterExpr(SourceText source, int pos, Expr? value, string name, FilterFunc filter, ArgList args) : Expr(source, pos)
{
    public string Name { get; } = name;

    public override IEnumerable<Expr> Children => value is null ? Args.All : Args.All.Prepend(value);

    public ArgList Args { get; } = args;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => filter(frame, value!.Eval(frame), Args.Eval(frame));

    /// <summary>Applies this filter to an already computed value (filter blocks, set blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Apply(Frame frame, object? input) => filter(frame, input, Args.Eval(frame));

    /// <summary>Applies a chain of filters parsed without a subject.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? ApplyChain(IReadOnlyList<FilterExpr> chain, Frame frame, object? input)
    {
        foreach (var f in chain)
        {
            input = f.Apply(frame, input);
        }
        return input;
    }
}
