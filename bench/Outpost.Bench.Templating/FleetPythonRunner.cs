using System.Diagnostics;
using System.Text.Json;

namespace Outpost.Bench.Templating;

/// <summary>Runs bench_fleet_jinja.py (Python's Jinja2, one process, one thread) over a workload written by <see cref="FleetWorkloadJson"/>.</summary>
internal static class FleetPythonRunner
{
    public static BenchResult Run(string python, string workloadJson)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bench_fleet_jinja.py"));
        start.ArgumentList.Add(workloadJson);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench_fleet_jinja.py failed ({process.ExitCode}): {stderr.Result}");
        }
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        return new BenchResult($"Jinja2 {root.GetProperty("jinja2").GetString()} (Python {root.GetProperty("python").GetString()})",
            root.GetProperty("renders").GetInt32(), root.GetProperty("failures").GetInt32(), root.GetProperty("seconds").GetDouble(),
            root.GetProperty("bytes").GetInt64(), root.GetProperty("sha256").GetString() ?? "");
    }
}
