using System.Diagnostics;
using System.Text.Json;

namespace Outpost.Bench.Templating;

/// <summary>Runs bench_jinja.py (Python's Jinja2) over the same templates and sites.</summary>
internal static class PythonRunner
{
    public static BenchResult Run(string python, string templatesDir, string sitesJson, int warmup)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bench_jinja.py"));
        start.ArgumentList.Add(templatesDir);
        start.ArgumentList.Add(sitesJson);
        start.ArgumentList.Add("--warmup");
        start.ArgumentList.Add(warmup.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench_jinja.py failed ({process.ExitCode}): {stderr.Result}");
        }
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        return new BenchResult($"Jinja2 {root.GetProperty("jinja2").GetString()} (Python)", root.GetProperty("renders").GetInt32(), 0,
            root.GetProperty("seconds").GetDouble(), root.GetProperty("bytes").GetInt64(), root.GetProperty("sha256").GetString() ?? "");
    }
}
