namespace Outpost.Bench.Fleet;

/// <summary>How one published revision reached the fleet: latencies measured at the agents, and bytes per agent.</summary>
internal sealed record FanOutResult(
    string Label,
    int Agents,
    int Reached,
    double PublishCallMs,
    double[] FromReturnMs,
    double[] FromSendMs,
    double MeanMessageBytes,
    double MeanBlobBytes,
    double MeanBlobsFetched,
    double MeanBlobsAttached,
    double MeanWireBytes,
    TimeSpan HubCpu,
    TimeSpan HarnessCpu)
{
    /// <summary>Whether the simulated agents shared their signature checks and manifest parses in this fan-out (<see cref="CheckedRevisions"/>).</summary>
    public bool SharedChecks { get; init; } = true;

    public double MeanPayloadBytes => MeanMessageBytes + MeanBlobBytes;

    /// <summary>
    /// The label as the table shows it: a "full bundle" that agents mostly had already (identities and blobs cached from an
    /// earlier run with the same --data-dir) says so.
    /// </summary>
    public string ShownLabel => MeanBlobsFetched + MeanBlobsAttached < 2 && Label.StartsWith("full", StringComparison.Ordinal)
        ? $"{Label} [blobs cached by an earlier run]"
        : Label;

    /// <summary>The median over <paramref name="results"/> of their 99% latency after the publish was sent.</summary>
    public static double? MedianOf99(IEnumerable<FanOutResult> results)
    {
        var values = results.Select(r => Percentile(r.FromSendMs, r.Agents, 0.99)).OfType<double>().Order().ToArray();
        return values.Length == 0 ? null : values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }

    /// <summary>Latency by which <paramref name="fraction"/> of all agents (not only those reached) had applied; null if never.</summary>
    public static double? Percentile(double[] sorted, int agents, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * agents);
        return rank >= 1 && rank <= sorted.Length ? sorted[rank - 1] : null;
    }
}
