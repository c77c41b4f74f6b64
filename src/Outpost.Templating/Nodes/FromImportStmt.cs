using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% from name import a [as b], c [with context] %}.</summary>
internal sealed class FromImportStmt(SourceText source, int pos, Expr name, (string Name, string Alias)[] names, bool withContext) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [name];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(name);
        foreach (var (_, alias) in names)
        {
            symbols.Store(alias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            var module = Loading.Import(frame, name.Eval(frame), withContext);
            var (line, _) = Source.Locate(Pos);
            foreach (var (n, alias) in names)
            {
                frame.Set(alias, module.TryGetAttr(n, out var v)
                    ? v
                    : Undefined.WithHint($"the template '{module.Name}' (imported on line {line}) does not export the requested name '{n}'", frame.Ctx.Strict));
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
