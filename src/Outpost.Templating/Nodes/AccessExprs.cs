using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>obj.name: attribute first, then item (jinja2 getattr).</summary>
internal sealed class GetAttrExpr(SourceText source, int pos, Expr target, string name) : Expr(source, pos)
{
    public Expr Target { get; } = target;

    public string Name { get; } = name;

    public override IEnumerable<Expr> Children => [Target];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Py.GetAttr(Target.Eval(frame), Name, frame.Ctx.Strict);
}

/// <summary>obj[key]: item first, then attribute (jinja2 getitem).</summary>
internal sealed class GetItemExpr(SourceText source, int pos, Expr target, Expr key) : Expr(source, pos)
{
    public Expr Target { get; } = target;

    public Expr Key { get; } = key;

    public override IEnumerable<Expr> Children => [Target, Key];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Py.GetItem(Target.Eval(frame), Key.Eval(frame), frame.Ctx.Strict);
}

/// <summary>start:stop:step inside a subscript.</summary>
internal sealed class SliceExpr(SourceText source, int pos, Expr? start, Expr? stop, Expr? step) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => new[] { start, stop, step }.OfType<Expr>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => new Slice(start?.Eval(frame), stop?.Eval(frame), step?.Eval(frame));
}
