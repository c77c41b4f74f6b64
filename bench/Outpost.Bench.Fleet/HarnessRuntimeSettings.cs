using System.Diagnostics;

namespace Outpost.Bench.Fleet;

/// <summary>
/// Runtime settings for the harness process alone; the hub child runs as shipped. Each simulated agent stands for an agent
/// process of its own, with its own buffer pool and its own small heap; ten thousand of them in one process would
/// otherwise make the harness's allocator and garbage collector part of what is measured:
/// <list type="bullet">
/// <item>the shared <c>ArrayPool</c> keeps 32 arrays per size and core, so most buffers a real agent reuses would be
/// allocated and collected;</item>
/// <item>the GC's default gen-0 budget collects the 10,000 agents' large heap dozens of times per fan-out, and gives
/// memory back to the kernel between rounds, which then zeroes every page again (a seventh of the harness's CPU in perf
/// at N = 10,000).</item>
/// </list>
/// </summary>
internal static class HarnessRuntimeSettings
{
    private const string Marker = "OUTPOST_BENCH_HARNESS";

    private static readonly (string Name, string Value)[] Settings =
    [
        ("DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION", "4096"),
        ("DOTNET_GCgen0size", "0x10000000"),
        ("DOTNET_GCRetainVM", "1"),
    ];

    /// <summary>Removes the harness's settings from a child's environment.</summary>
    public static void RemoveFrom(IDictionary<string, string?> environment)
    {
        environment.Remove(Marker);
        foreach (var (name, _) in Settings)
        {
            environment.Remove(name);
        }
    }

    /// <summary>
    /// Null when this process runs with the settings; otherwise runs the harness again with them (the GC reads its
    /// settings when the process starts) and returns its exit code. A setting the caller chose is kept.
    /// </summary>
    public static async Task<int?> RerunWithSettingsAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Marker) is not null)
        {
            return null;
        }

        var start = SelfProcess.StartInfo(args);
        start.Environment[Marker] = "1";
        foreach (var (name, value) in Settings)
        {
            start.Environment.TryAdd(name, value);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("the harness could not start itself again");
        // Ctrl-C reaches the child too (same process group); wait for it to stop rather than leave it behind.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
