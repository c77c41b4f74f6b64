using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% call(args) macro(...) %}body{% endcall %}: passes the body as 'caller'.</summary>
internal sealed class CallBlockStmt(SourceText source, int pos, CallExpr call, MacroDef caller) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => caller.Body.Cast<Node>().Append(call);

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(call);
        caller.CollectSymbols(symbols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            var fn = call.Callee.Eval(frame);
            var args = call.Args.Eval(frame, new Macro(caller, frame), "caller");
            frame.Ctx.Out.Append(Py.Str(CallExpr.Invoke(frame, fn, args)));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
