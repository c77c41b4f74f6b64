using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% set name | filters %}body{% endset %}.</summary>
internal sealed class SetBlockStmt(SourceText source, int pos, Target target, FilterExpr[] filters, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => filters.Cast<Node>().Concat(body);

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        foreach (var f in filters)
        {
            symbols.Load(f);
        }
        symbols.Nested(this, [], () => symbols.Visit(body), p => Pending = p);
        symbols.Store(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var scope = new Frame(frame.Ctx, frame);
        DeclarePending(Pending, scope);
        var text = Capture(body, scope);
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
