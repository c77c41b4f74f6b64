using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{{ expr }}: prints str(value).</summary>
internal sealed class OutputStmt(SourceText source, int pos, Expr expr, bool escape = false) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [expr];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols) => symbols.Load(expr);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            var v = expr.Eval(frame);
            var o = frame.Ctx.Out;
            if (escape)
            {
                o.Append(Markup.Escape(v).Value);
                return;
            }
            switch (v)
            {
                case string s: o.Append(s); break;
                case long l: o.Append(l); break;
                default: o.Append(Py.Str(v)); break;
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
