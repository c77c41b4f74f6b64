using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% filter f %}...{% endfilter %}.</summary>
internal sealed class FilterBlockStmt(SourceText source, int pos, FilterExpr[] filters, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => filters.Cast<Node>().Concat(body);

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        foreach (var f in filters)
        {
            symbols.Load(f);
        }
        symbols.Nested(this, [], () => symbols.Visit(body), p => Pending = p);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var scope = new Frame(frame.Ctx, frame);
        DeclarePending(Pending, scope);
        var text = Capture(body, scope);
        try
        {
            frame.Ctx.Out.Append(Py.Str(FilterExpr.ApplyChain(filters, frame, text)));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
