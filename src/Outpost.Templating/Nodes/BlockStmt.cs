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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var ctx = frame.Ctx;
        if (ctx.ParentTemplate is not null)
        {
            return;
        }
        var list = ctx.Blocks.TryGetValue(Name, out var l) ? l : [this];
        Render(list, 0, scoped ? frame : ctx.RootFrame ?? frame);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Render(List<BlockStmt> chain, int index, Frame parent)
    {
        var block = chain[index];
        if (block.Required)
        {
            throw block.Error($"Required block '{block.Name}' not found");
        }
        var f = new Frame(parent.Ctx, parent) { SkipsPending = true };
        f.Set("super", new Builtin("super", (_, _) =>
        {
            if (index + 1 >= chain.Count)
            {
                throw new TemplateRuntimeException($"there is no parent block called '{block.Name}'.");
            }
            var ctx = parent.Ctx;
            var saved = ctx.Out;
            var buffer = new System.Text.StringBuilder();
            ctx.Out = buffer;
            try
            {
                Render(chain, index + 1, parent);
            }
            finally
            {
                ctx.Out = saved;
            }
            return buffer.ToString();
        }));
        ExecAll(block.Body, f);
    }
}
