using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Health;

/// <summary>Runs a release's health checks one after another: commands in the release directory, or HTTP GETs, each with its timeout.</summary>
public sealed class HealthCheckRunner
{
    /// <summary>How much of each output stream (its end) is kept in a result's detail.</summary>
    public const int OutputLimit = 2048;

    // Output readers get this long after the process ends: a daemon that escaped the kill may hold the pipe open for ever.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private static readonly HttpClient SharedHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;

    /// <param name="timeProvider">Timeouts and durations.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="httpClient">Optional; its own Timeout should be infinite, as each check's timeout applies.</param>
    public HealthCheckRunner(TimeProvider timeProvider, ILogger<HealthCheckRunner>? logger = null, HttpClient? httpClient = null)
    {
        _time = timeProvider;
        _logger = logger ?? NullLogger<HealthCheckRunner>.Instance;
        _http = httpClient ?? SharedHttp;
    }

    public async Task<IReadOnlyList<HealthCheckResult>> RunAsync(IReadOnlyList<HealthCheck> checks, string releaseDirectory, CancellationToken ct)
    {
        var results = new List<HealthCheckResult>(checks.Count);
        foreach (var check in checks)
        {
            ct.ThrowIfCancellationRequested();
            var started = _time.GetTimestamp();
            var timeout = TimeSpan.FromSeconds(check.TimeoutSeconds);
            var (healthy, detail) = check switch
            {
                { Command: { Count: > 0 } argv } => await RunCommandAsync(argv, releaseDirectory, timeout, ct),
                { Http: { } url } => await GetAsync(url, timeout, ct),
                _ => (false, "the check has neither a command nor an http URL"),
            };
            var result = new HealthCheckResult(check.Name, healthy, detail, _time.GetElapsedTime(started));
            if (healthy)
            {
                _logger.LogInformation("Health check {Check} passed in {ElapsedMs} ms", check.Name, (long)result.Duration.TotalMilliseconds);
            }
            else
            {
                _logger.LogWarning("Health check {Check} failed in {ElapsedMs} ms: {Detail}", check.Name, (long)result.Duration.TotalMilliseconds, detail);
            }

            results.Add(result);
        }

        return results;
    }

    private async Task<(bool Healthy, string Detail)> RunCommandAsync(IReadOnlyList<string> argv, string releaseDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            // Process resolves a relative program against the agent's own directory, not WorkingDirectory; a check means the release's.
            FileName = argv[0].Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(argv[0]) ? Path.GetFullPath(argv[0], releaseDirectory) : argv[0],
            WorkingDirectory = releaseDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return (false, $"could not start '{argv[0]}': {e.Message}");
        }

        process.StandardInput.Close();
        var stdout = new OutputTail(OutputLimit);
        var stderr = new OutputTail(OutputLimit);
        using var stopReading = new CancellationTokenSource();
        var readers = Task.WhenAll(
            stdout.DrainAsync(process.StandardOutput.BaseStream, stopReading.Token),
            stderr.DrainAsync(process.StandardError.BaseStream, stopReading.Token));

        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The whole tree: a shell's children would otherwise live on, and keep the output pipes open.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            timedOut = true;
        }

        try
        {
            await readers.WaitAsync(DrainGrace, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await stopReading.CancelAsync();
        }
        catch (OperationCanceledException)
        {
        }

        var detail = new StringBuilder(timedOut
            ? string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.###} s; killed")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {process.ExitCode}"));
        Append(detail, "stdout", stdout.ToString());
        Append(detail, "stderr", stderr.ToString());
        return (!timedOut && process.ExitCode == 0, detail.ToString());
    }

    private async Task<(bool Healthy, string Detail)> GetAsync(string url, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            var detail = $"HTTP {status} {response.ReasonPhrase}";
            if (response.IsSuccessStatusCode)
            {
                return (true, detail);
            }

            // A failing endpoint's body usually says what is wrong; a little of it is worth the read.
            var body = await ReadStartAsync(response.Content, linked.Token);
            return (false, body.Length > 0 ? $"{detail}: {body}" : detail);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.###} s (GET {url})"));
        }
        catch (HttpRequestException e)
        {
            return (false, $"GET {url} failed: {e.Message}");
        }
    }

    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[OutputLimit];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total).Trim();
    }

    private static void Append(StringBuilder detail, string stream, string text)
    {
        if (text.Length > 0)
        {
            detail.Append('\n').Append(stream).Append(":\n").Append(text);
        }
    }
}
