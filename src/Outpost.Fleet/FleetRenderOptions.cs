namespace Outpost.Fleet;

/// <summary>How <see cref="FleetRenderer.RenderAll"/> runs: parallelism, and the previous results to reuse.</summary>
public sealed class FleetRenderOptions
{
    /// <summary>Sites rendered at once; defaults to the processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Results of an earlier render (usually the previous commit); parts whose input hash is unchanged are reused, not re-rendered.</summary>
    public FleetRenderResult? Previous { get; init; }

    /// <summary>Told once per finished site, from worker threads.</summary>
    public IProgress<SiteRenderProgress>? Progress { get; init; }
}
