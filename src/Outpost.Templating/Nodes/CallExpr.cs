using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

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
