using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>obj[key]: item first, then attribute (jinja2 getitem).</summary>
internal sealed class GetItemExpr(SourceText source, int pos, Expr target, Expr key) : Expr(source, pos)
{
    public Expr Target { get; } = target;

    public Expr Key { get; } = key;

    public override IEnumerable<Expr> Children => [Target, Key];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Py.GetItem(Target.Eval(frame), Key.Eval(frame), frame.Ctx.Strict);
}
