using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>An expression node; Eval computes its value in a frame.</summary>
internal abstract class Expr : Node
{
    protected Expr(SourceText source, int pos)
        : base(source, pos)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public abstract object? Eval(Frame frame);

    /// <summary>Names this expression reads (for macro caller/varargs/kwargs detection).</summary>
    public virtual IEnumerable<Expr> Children => [];
}
