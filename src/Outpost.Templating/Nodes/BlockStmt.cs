using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% block name [scoped] [required] %}: renders the most-derived override of the block.</summary>
internal sealed class BlockStmt(SourceText source, int pos, string name, Stmt[] body, bool scoped, bool required) : Stmt(source, pos)
{
    public string Name { get; } = name;

    public Stmt[] Body { get; } = body;

    public bool Required { get; } = required;

    public override IEnumerable<Node> Children => Body;

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
        => symbols.Nested(this, [], () => symbols.Visit(Body), p => Pending = p, detached: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var ctx = frame.Ctx;
        if (ctx.ParentTemplate is not null)
        {
            return;
        }
        var list = ctx.Blocks.TryGetValue(Name, out var l) ? l : [this];
        Render(list, 0, scoped ? frame : ctx.RootFrame ?? frame, ctx);
    }

    /// <summary>Renders block chain[index]: names resolve through <paramref name="parent"/>, output goes to <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Render(List<BlockStmt> chain, int index, Frame parent, RenderContext output)
    {
        var block = chain[index];
        if (block.Required)
        {
            throw block.Error($"Required block '{block.Name}' not found");
        }
        var f = new Frame(output, parent) { SkipsPending = true };
        DeclarePending(block.Pending, f);
        if (index + 1 >= chain.Count)
        {
            f.Set("super", Undefined.WithHint($"there is no parent block called '{block.Name}'.", output.Strict));
        }
        else
        {
            f.Set("super", new Builtin("super", (_, _) =>
            {
                var saved = output.Out;
                var buffer = BuilderPool.Rent();
                output.Out = buffer;
                try
                {
                    Render(chain, index + 1, parent, output);
                }
                finally
                {
                    output.Out = saved;
                }
                return BuilderPool.ToStringAndReturn(buffer);
            }));
        }
        ExecAll(block.Body, f);
    }
}
