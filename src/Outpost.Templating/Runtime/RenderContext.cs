using System.Runtime.CompilerServices;
using System.Text;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>Per-render mutable state: output buffer, block table for inheritance, recursion depth.</summary>
internal sealed class RenderContext
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RenderContext(TemplateEnvironment environment, CompiledTemplate template, StringBuilder output)
    {
        Environment = environment;
        Template = template;
        Out = output;
        Strict = environment.Options.StrictUndefined;
    }

    /// <summary>A context for one macro call: same template state, its own output buffer, so shared modules stay immutable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RenderContext ForCall()
    {
        var call = new RenderContext(Environment, Template, BuilderPool.Rent(), _blocks)
        {
            RootFrame = RootFrame,
        };
        return call;
    }

    private RenderContext(TemplateEnvironment environment, CompiledTemplate template, StringBuilder output, Dictionary<string, List<BlockStmt>>? blocks)
        : this(environment, template, output)
    {
        _blocks = blocks;
    }

    public TemplateEnvironment Environment { get; }

    /// <summary>The template this context was created for (the leaf of an extends chain).</summary>
    public CompiledTemplate Template { get; }

    public StringBuilder Out { get; set; }

    public bool Strict { get; }

    private Dictionary<string, List<BlockStmt>>? _blocks;

    public Dictionary<string, List<BlockStmt>> Blocks => _blocks ??= new(StringComparer.Ordinal);

    /// <summary>Set once the running template executed {% extends %}: its own output is then discarded.</summary>
    public CompiledTemplate? ParentTemplate { get; set; }

    public Frame? RootFrame { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddBlocks(CompiledTemplate template)
    {
        if (template.Blocks.Count == 0)
        {
            return;
        }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Leave() => t_depth--;
}
