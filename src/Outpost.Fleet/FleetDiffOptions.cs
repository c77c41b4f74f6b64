namespace Outpost.Fleet;

/// <summary>What <see cref="FleetDiff.Compare(string, string, string, FleetDiffOptions?)"/> computes and how it reads the repository.</summary>
public sealed class FleetDiffOptions
{
    /// <summary>Include a unified diff for every changed file.</summary>
    public bool IncludePatch { get; init; }

    public int ContextLines { get; init; } = 3;

    public FleetRepositoryOptions? Repository { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Results already rendered for the 'from' side (e.g. the hub's last render), to avoid rendering it again.</summary>
    public FleetRenderResult? FromResult { get; init; }

    internal TemplateCompilerFactory CompilerFactory { get; init; } = EngineTemplateCompiler.Factory;
}
