namespace Outpost.Bench.Templating;

/// <summary>One engine's run over all sites and templates.</summary>
internal sealed record BenchResult(string Engine, int Renders, int Failures, double Seconds, long Bytes, string Sha256)
{
    public double RendersPerSecond => Seconds > 0 ? Renders / Seconds : 0;
}
