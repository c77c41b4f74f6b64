using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% macro name(params) %}: binds a Macro in the current scope.</summary>
internal sealed class MacroStmt(SourceText source, int pos, MacroDef def) : Stmt(source, pos)
{
    public MacroDef Def { get; } = def;

    public override IEnumerable<Node> Children => Def.Body.Cast<Node>().Concat(Def.Defaults.OfType<Expr>());

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Store(Def.Name);
        Def.CollectSymbols(symbols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame) => frame.Set(Def.Name, new Macro(Def, frame));
}
