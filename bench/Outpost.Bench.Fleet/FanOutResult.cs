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
    public double MeanPayloadBytes => MeanMessageBytes + MeanBlobBytes;

    /// <summary>
    /// The label as the table shows it: a "full bundle" that agents mostly had already (identities and blobs cached from an
    /// earlier run with the same --data-dir) says so.
    /// </summary>
    public string ShownLabel => MeanBlobsFetched + MeanBlobsAttached < 2 && Label.StartsWith("full", StringComparison.Ordinal)
        ? $"{Label} [blobs cached by an earlier run]"
        : Label;

    /// <summary>Latency by which <paramref name="fraction"/> of all agents (not only those reached) had applied; null if never.</summary>
    public static double? Percentile(double[] sorted, int agents, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * agents);
        return rank >= 1 && rank <= sorted.Length ? sorted[rank - 1] : null;
    }
}
