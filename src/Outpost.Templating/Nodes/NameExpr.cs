using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A variable reference.</summary>
internal sealed class NameExpr(SourceText source, int pos, string name) : Expr(source, pos)
{
    public string Name { get; } = string.Intern(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => frame.Lookup(Name);
}
