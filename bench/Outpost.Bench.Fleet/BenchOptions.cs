using System.Globalization;

namespace Outpost.Bench.Fleet;

/// <summary>Command-line settings of one harness run.</summary>
internal sealed record BenchOptions(
    int Agents,
    string DataDirectory,
    int EnrollConcurrency,
    int ConnectConcurrency,
    int SourceAddresses,
    TimeSpan Timeout,
    TimeSpan HoldIdle,
    int OneFileRounds,
    bool KeepHistory)
{
    /// <summary>The hub child's data dir; kept next to the agents' identities so enrolment can be skipped on re-runs.</summary>
    public string HubDataDirectory => Path.Combine(DataDirectory, "hub");

    public string AgentsDirectory => Path.Combine(DataDirectory, "agents");

    public static BenchOptions Parse(string[] args)
    {
        var data = Value(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "outpost-bench-fleet");
        return new BenchOptions(
            Int(args, "--agents", 1000),
            Path.GetFullPath(data),
            Int(args, "--enroll-concurrency", 8),
            Int(args, "--connect-concurrency", 64),
            Math.Clamp(Int(args, "--sources", 16), 1, 200),
            TimeSpan.FromMinutes(Int(args, "--timeout-minutes", 40)),
            TimeSpan.FromSeconds(Int(args, "--hold-idle-seconds", 0)),
            Math.Max(1, Int(args, "--rounds", 3)),
            args.Contains("--keep-history"));
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
