namespace Outpost.Bench.Tunnel;

/// <summary>One path's figures from one turn: single-stream and 16-stream bytes per second, round-trip p50 and p99 in µs.</summary>
internal sealed record TurnResult(double Single, double Multi, double P50, double P99)
{
    /// <summary>Each figure's median over the turns (taken separately, so one bad turn moves none of them much).</summary>
    public static TurnResult Median(IReadOnlyList<TurnResult> turns) => new(
        Median(turns.Select(t => t.Single)), Median(turns.Select(t => t.Multi)), Median(turns.Select(t => t.P50)), Median(turns.Select(t => t.P99)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
