using System.Diagnostics;
using System.Globalization;

namespace Outpost.Bench.Fleet;

/// <summary>The hub child process seen from the harness: its URL, operator config, RSS and GC heap.</summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _commandLock = new(1, 1);

    private HubProcess(Process process, string url, string operatorConfigPath)
    {
        _process = process;
        Url = url;
        OperatorConfigPath = operatorConfigPath;
    }

    public string Url { get; }

    public string OperatorConfigPath { get; }

    public int Pid => _process.Id;

    public static async Task<HubProcess> StartAsync(BenchOptions options, CancellationToken ct)
    {
        var start = SelfProcess.StartInfo(["hub", "--data-dir", options.DataDirectory]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        // The hub runs as shipped: the harness's runtime settings are for the agents it simulates.
        HarnessRuntimeSettings.RemoveFrom(start.Environment);

        var process = Process.Start(start) ?? throw new InvalidOperationException("the hub child did not start");
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        startup.CancelAfter(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(startup.Token) is { } line)
        {
            if (line.StartsWith(HubChild.ReadyPrefix, StringComparison.Ordinal))
            {
                var parts = line[HubChild.ReadyPrefix.Length..].Split(' ', 2);
                return new HubProcess(process, parts[0], parts[1]);
            }
        }

        throw new InvalidOperationException($"the hub child exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})");
    }

    /// <summary>Resident set size of the hub process, from /proc (kB there).</summary>
    public long RssBytes() => StatusBytes("VmRSS:");

    /// <summary>The hub's peak resident set size so far (the kernel's high-water mark).</summary>
    public long PeakRssBytes() => StatusBytes("VmHWM:");

    private long StatusBytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc status");
    }

    /// <summary>User + system CPU time the hub has used, from /proc (clock ticks of 1/100 s on Linux).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Forces a full GC in the hub and returns its live managed bytes, GC heap size and live sessions.</summary>
    public async Task<HubHeap> HeapAsync(CancellationToken ct)
    {
        await _commandLock.WaitAsync(ct);
        try
        {
            await _process.StandardInput.WriteLineAsync("heap");
            await _process.StandardInput.FlushAsync(ct);
            while (await _process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith(HubChild.HeapPrefix, StringComparison.Ordinal))
                {
                    var parts = line[HubChild.HeapPrefix.Length..].Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                    return new HubHeap(parts[0], parts[1], (int)parts[2], RssBytes());
                }
            }

            throw new InvalidOperationException("the hub child exited");
        }
        finally
        {
            _commandLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _commandLock.Dispose();
    }
}
