using Outpost.Templating.Filters;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using Outpost.Templating.Tests;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>A call f(args): macros, methods, globals.</summary>
internal sealed class CallExpr(SourceText source, int pos, Expr callee, ArgList args) : Expr(source, pos)
{
    public Expr Callee { get; } = callee;

    public ArgList Args { get; } = args;

    public override IEnumerable<Expr> Children => Args.All.Prepend(Callee);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Invoke(frame, Callee.Eval(frame), Args.Eval(frame));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Invoke(Frame frame, object? fn, CallArgs args)
    {
        return fn switch
        {
            ICallable c => c.Call(frame, args),
            Undefined u => throw u.Fail(),
            _ => throw new TemplateRuntimeException($"'{Py.TypeName(fn)}' object is not callable"),
        };
    }
}

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
