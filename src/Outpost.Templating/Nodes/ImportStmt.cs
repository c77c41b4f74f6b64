using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% import name as alias [with context] %}.</summary>
internal sealed class ImportStmt(SourceText source, int pos, Expr name, string alias, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(name);
        symbols.Store(alias);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            frame.Set(alias, Loading.Import(frame, name.Eval(frame), withContext));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
