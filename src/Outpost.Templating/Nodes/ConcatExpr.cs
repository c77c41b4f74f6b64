using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>The ~ operator: str() of each operand joined.</summary>
internal sealed class ConcatExpr(SourceText source, int pos, Expr[] parts) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => parts;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var sb = BuilderPool.Rent();
        foreach (var p in parts)
        {
            sb.Append(Py.Str(p.Eval(frame)));
        }
        return BuilderPool.ToStringAndReturn(sb);
    }
}
