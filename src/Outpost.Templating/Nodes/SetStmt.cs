using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% set target = expr %}.</summary>
internal sealed class SetStmt(SourceText source, int pos, Target target, Expr value) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [value];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(value);
        symbols.Store(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            target.Assign(frame, value.Eval(frame));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
