using System.Diagnostics;

namespace Outpost.IntegrationTests.Support;

/// <summary>Runs the real `outpost` executable (built next to the tests) and captures its output.</summary>
internal static class OutpostProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? config, params string[] args)
    {
        using var process = Process.Start(StartInfo(config, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a long-lived command (an agent) until a line of its output satisfies <paramref name="seen"/>, then kills it; returns the output so far.</summary>
    public static async Task<string> RunUntilAsync(Func<string, bool> seen, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(null, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (seen(line))
                {
                    found.TrySetResult();
                }
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"'outpost {string.Join(' ', args)}' did not print what was expected in {timeout.TotalSeconds} s; it printed:\n{string.Join('\n', output)}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return string.Join('\n', output);
    }

    private static ProcessStartInfo StartInfo(string? config, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "outpost"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OUTPOST_CONFIG"] = config ?? "";
        start.Environment["HOME"] = Path.GetTempPath(); // never read the developer's own config
        return start;
    }
}
