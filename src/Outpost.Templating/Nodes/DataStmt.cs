using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Literal template text.</summary>
internal sealed class DataStmt(SourceText source, int pos, string text) : Stmt(source, pos)
{
    public string Text { get; } = text;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame) => frame.Ctx.Out.Append(Text);
}
