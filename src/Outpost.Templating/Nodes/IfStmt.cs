using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>if / elif / else.</summary>
internal sealed class IfStmt(SourceText source, int pos, Expr[] tests, Stmt[][] bodies, Stmt[]? otherwise) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => tests.Cast<Node>().Concat(bodies.SelectMany(b => b)).Concat(otherwise ?? []);

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(tests[0]);
        for (var i = 0; i < bodies.Length; i++)
        {
            if (i > 0)
            {
                symbols.Load(tests[i]);
            }
            symbols.VisitBranch(bodies[i]);
        }
        if (otherwise is not null)
        {
            symbols.VisitBranch(otherwise);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        for (var i = 0; i < tests.Length; i++)
        {
            bool ok;
            try
            {
                ok = Py.Truthy(tests[i].Eval(frame));
            }
            catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
            {
                throw tests[i].Locate(ex);
            }
            if (ok)
            {
                ExecAll(bodies[i], frame);
                return;
            }
        }
        if (otherwise is not null)
        {
            ExecAll(otherwise, frame);
        }
    }
}
