using System.Text;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>Per-render mutable state: output buffer, block table for inheritance, recursion depth.</summary>
internal sealed class RenderContext
{
    public RenderContext(TemplateEnvironment environment, CompiledTemplate template, StringBuilder output)
    {
        Environment = environment;
        Template = template;
        Out = output;
        Strict = environment.Options.StrictUndefined;
    }

    public TemplateEnvironment Environment { get; }

    /// <summary>The template this context was created for (the leaf of an extends chain).</summary>
    public CompiledTemplate Template { get; }

    public StringBuilder Out { get; set; }

    public bool Strict { get; }

    public Dictionary<string, List<BlockStmt>> Blocks { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once the running template executed {% extends %}: its own output is then discarded.</summary>
    public CompiledTemplate? ParentTemplate { get; set; }

    public Frame? RootFrame { get; set; }

    public void AddBlocks(CompiledTemplate template)
    {
        foreach (var (name, block) in template.Blocks)
        {
            if (!Blocks.TryGetValue(name, out var list))
            {
                Blocks[name] = list = [];
            }
            list.Add(block);
        }
    }

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Enters a nested call (macro, include, recursive loop) and guards against runaway recursion.</summary>
    /// <remarks>Depth is per thread because a render never hops threads and nested renders share the stack.</remarks>
    public static void Enter(RenderContext ctx)
    {
        var max = ctx.Environment.Options.MaxRecursionDepth;
        if (++t_depth > max)
        {
            t_depth--;
            throw new TemplateRuntimeException($"maximum recursion depth exceeded ({max} nested calls)");
        }
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            t_depth--;
            throw new TemplateRuntimeException("maximum recursion depth exceeded (stack exhausted)");
        }
    }

    public static void Leave() => t_depth--;
}
