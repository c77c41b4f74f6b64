using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% filter f %}...{% endfilter %}.</summary>
internal sealed class FilterBlockStmt(SourceText source, int pos, FilterExpr[] filters, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => filters.Cast<Node>().Concat(body);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        foreach (var f in filters)
        {
            symbols.Load(f);
        }
    }

    public override void Exec(Frame frame)
    {
        var text = Capture(body, new Frame(frame.Ctx, frame));
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
