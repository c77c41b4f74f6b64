namespace Outpost.Bench.Tunnel;

/// <summary>
/// One path's figures from one turn: single-stream and 16-stream bytes per second, round-trip p50 and p99 in µs, and the
/// CPU seconds the path's own processes spent per GiB of the single stream (0 for the direct path, which has none).
/// </summary>
internal sealed record TurnResult(double Single, double Multi, double P50, double P99, double CpuPerGiB)
{
    /// <summary>Each figure's median over the turns (taken separately, so one bad turn moves none of them much).</summary>
    public static TurnResult Median(IReadOnlyList<TurnResult> turns) => new(
        Median(turns.Select(t => t.Single)), Median(turns.Select(t => t.Multi)), Median(turns.Select(t => t.P50)), Median(turns.Select(t => t.P99)),
        Median(turns.Select(t => t.CpuPerGiB)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
