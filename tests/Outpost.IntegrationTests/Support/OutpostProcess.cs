using System.Diagnostics;

namespace Outpost.IntegrationTests.Support;

/// <summary>Runs the real `outpost` executable (built next to the tests) and captures its output.</summary>
internal static class OutpostProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? config, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "outpost"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OUTPOST_CONFIG"] = config ?? "";
        start.Environment["HOME"] = Path.GetTempPath(); // never read the developer's own config
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
