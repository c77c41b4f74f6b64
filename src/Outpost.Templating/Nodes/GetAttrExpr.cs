using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

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
