using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% set name | filters %}body{% endset %}.</summary>
internal sealed class SetBlockStmt(SourceText source, int pos, Target target, FilterExpr[] filters, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => filters.Cast<Node>().Concat(body);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        foreach (var f in filters)
        {
            symbols.Load(f);
        }
        symbols.Store(target);
    }

    public override void Exec(Frame frame)
    {
        var text = Capture(body, new Frame(frame.Ctx, frame));
        try
        {
            target.Assign(frame, filters.Length == 0 ? text : FilterExpr.ApplyChain(filters, frame, text));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
