using System.Diagnostics;
using Outpost.Hub.Operators;
using Outpost.Protocol.Bundles;

namespace Outpost.Bench.Fleet;

/// <summary>One harness run: hub child, enrolment, N sessions, idle memory, full-bundle and one-file fan-out.</summary>
internal static class FleetRun
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(options.AgentsDirectory);
        Console.WriteLine($"Outpost fleet bench: {options.Agents:N0} agents, {Environment.ProcessorCount} cores, data {options.DataDirectory}");
        if (!options.KeepHistory)
        {
            var (events, assignments) = HubHistoryReset.Run(options.HubDataDirectory);
            Console.WriteLine($"kept hub's history reset: {events:N0} events and {assignments:N0} old revision assignments dropped (--keep-history keeps them)");
        }

        await using var hub = await HubProcess.StartAsync(options, ct);
        Console.WriteLine($"hub pid {hub.Pid} at {hub.Url}");
        using var api = new OperatorApi(OperatorConfig.Load(hub.OperatorConfigPath));
        var (enrolled, enrolTime) = await FleetEnroller.EnsureAsync(options, api, hub.Url, ct);

        var progress = new FleetProgress();
        var checks = new CheckedRevisions();
        var agents = Enumerable.Range(0, options.Agents)
            .Select(i => new SimulatedAgent(i, FleetEnroller.DirectoryOf(options, i), api.Ca, progress, checks)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var baseline = await hub.HeapAsync(ct);
        Console.WriteLine($"baseline: hub RSS {Mib(baseline.RssBytes)}, GC heap {Mib(baseline.GcHeapBytes)}");

        // Two halves, measured after each: the second half's growth is what one more idle session costs, without the
        // one-time costs (code compiled, pools and threads grown) that the first sessions bring.
        var half = agents.Count / 2;
        var connectCpu = hub.CpuTime();
        var (firstTime, firstRetries) = await ConnectAllAsync(options, agents.Take(half).ToList(), new Uri(hub.Url), ct);
        connectCpu = hub.CpuTime() - connectCpu;
        // Let heartbeats settle (a 15 s interval: every session has sent at least one) before measuring idle memory.
        await Task.Delay(TimeSpan.FromSeconds(20), ct);
        var halfIdle = await hub.HeapAsync(ct);
        Console.WriteLine($"idle with {half:N0}: hub RSS {Mib(halfIdle.RssBytes)}, GC heap {Mib(halfIdle.GcHeapBytes)}");
        var secondCpu = hub.CpuTime();
        var (secondTime, secondRetries) = await ConnectAllAsync(options, agents.Skip(half).ToList(), new Uri(hub.Url), ct);
        connectCpu += hub.CpuTime() - secondCpu;
        var (connectTime, retries) = (firstTime + secondTime, firstRetries + secondRetries);
        Console.WriteLine($"connected {agents.Count:N0} in {connectTime.TotalSeconds:0.00} s ({retries} retries, hub CPU {connectCpu.TotalSeconds:0.0} s)");

        await Task.Delay(TimeSpan.FromSeconds(20), ct);
        var idle = await hub.HeapAsync(ct);
        Console.WriteLine($"idle: hub RSS {Mib(idle.RssBytes)}, GC heap {Mib(idle.GcHeapBytes)}, {idle.Sessions:N0} sessions on the hub");

        if (options.HoldIdle > TimeSpan.Zero)
        {
            // Time to attach a profiler (dotnet-gcdump collect -p PID) to the idle hub.
            Console.WriteLine($"holding {options.HoldIdle.TotalSeconds:0} s with the sessions idle (hub pid {hub.Pid})");
            await Task.Delay(options.HoldIdle, ct);
        }

        var baseDirectory = BundleFixture.WriteBase(options.DataDirectory);
        var full = await FanOutAsync("full bundle (1 MiB, 64 files)", hub, api, agents, progress, await BundleBuilder.FromDirectoryAsync(baseDirectory, ct), TimeSpan.FromMinutes(15), ct);
        // Several one-file changes in a row: the first pushes after a start still run code the JIT is compiling, which a
        // hub that has been up for a while no longer does; every round is reported, the table details the last of each kind.
        var rounds = new List<FanOutResult>();
        // In one run: the rounds with the agents' checks shared (the figure), then as many with every agent doing all its
        // checks alone. In blocks, not alternated: an alone round leaves a heap of garbage behind that the next round's
        // collections would be charged for.
        foreach (var shared in new[] { true, false })
        {
            checks.Shared = shared;
            for (var round = 1; round <= options.OneFileRounds; round++)
            {
                var changedDirectory = BundleFixture.WriteChanged(options.DataDirectory, baseDirectory, Guid.NewGuid().ToString("N")[..12]);
                var label = $"one-file change {round}/{options.OneFileRounds}, {(shared ? "checks shared" : "each agent checks alone")}";
                rounds.Add(await FanOutAsync(label, hub, api, agents, progress, await BundleBuilder.FromDirectoryAsync(changedDirectory, ct), TimeSpan.FromMinutes(5), ct) with { SharedChecks = shared });
            }
        }

        var oneFile = rounds.Last(r => r.SharedChecks);

        var ended = agents.Where(a => a.EndReason is not null).ToList();
        var peakRss = hub.PeakRssBytes();
        var report = ResultTable.Render(options, enrolled, enrolTime, connectTime, connectCpu, retries, baseline, halfIdle, idle, peakRss, full, rounds, ended.Count);
        Console.WriteLine();
        Console.WriteLine(report);
        foreach (var reason in ended.GroupBy(a => a.EndReason).Take(5))
        {
            Console.WriteLine($"  {reason.Count()} agent(s): {reason.Key}");
        }

        File.WriteAllText(Path.Combine(options.DataDirectory, $"result-{options.Agents}.md"), report);
        foreach (var agent in agents)
        {
            agent.SaveCache();
        }

        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (agent, _) =>
        {
            try
            {
                await agent.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
            {
                // Tearing down after the measurements; nothing to report.
            }
        });
        return ended.Count == 0 && oneFile.Reached == agents.Count ? 0 : 1;
    }

    /// <summary>Connects all agents with bounded concurrency (Kestrel's accept backlog and the handshake CPU are finite); retries a few times.</summary>
    private static async Task<(TimeSpan Elapsed, int Retries)> ConnectAllAsync(BenchOptions options, IReadOnlyList<SimulatedAgent> agents, Uri hub, CancellationToken ct)
    {
        var retries = 0;
        var connected = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = ct }, async (agent, c) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(c);
                    timeout.CancelAfter(TimeSpan.FromSeconds(60));
                    await agent.ConnectAsync(hub, options.SourceAddresses, timeout.Token);
                    break;
                }
                catch (Exception e) when (attempt < 5 && !c.IsCancellationRequested)
                {
                    Interlocked.Increment(ref retries);
                    Console.WriteLine($"  {agent.SiteId}: connect failed ({e.GetType().Name}: {e.Message}); retrying");
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), c);
                }
            }

            if (Interlocked.Increment(ref connected) % 2000 == 0)
            {
                Console.WriteLine($"  {connected:N0} welcomed ({watch.Elapsed.TotalSeconds:0.0} s)");
            }
        });
        return (watch.Elapsed, retries);
    }

    private static async Task<FanOutResult> FanOutAsync(string label, HubProcess hub, OperatorApi api, IReadOnlyList<SimulatedAgent> agents, FleetProgress progress, BuiltBundle bundle, TimeSpan limit, CancellationToken ct)
    {
        var (revision, uploaded) = await api.CreateRevisionAsync(bundle, ct);
        var live = agents.Where(a => a.EndReason is null).ToList();
        var wireBefore = live.ToDictionary(a => a.Index, a => a.Wire.Received);
        var sites = live.Select(a => a.SiteId).ToList();
        Console.WriteLine($"{label}: revision {ContentDigest.Short(revision)} ({uploaded:N0} bytes uploaded), publishing to {sites.Count:N0} sites…");

        var hubCpu = hub.CpuTime();
        var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = Stopwatch.GetTimestamp();
        await api.PublishAsync(revision, sites, ct);
        var returned = Stopwatch.GetTimestamp();
        var reachedAll = await progress.WaitAsync(revision, live.Count, limit, ct);
        var waited = Stopwatch.GetElapsedTime(returned);
        hubCpu = hub.CpuTime() - hubCpu;
        harnessCpu = Process.GetCurrentProcess().TotalProcessorTime - harnessCpu;
        Console.WriteLine($"  {progress.AppliedCount(revision):N0}/{live.Count:N0} applied after {waited.TotalSeconds:0.00} s{(reachedAll ? "" : " (time limit)")}");

        // Wire bytes include heartbeats in the window (≈100 bytes per 15 s), which is noise next to a blob.
        await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        var records = live.Select(a => (Agent: a, Record: a.Applied.GetValueOrDefault(revision))).Where(x => x.Record is not null).ToList();
        double Mean(Func<(SimulatedAgent Agent, ApplyRecord? Record), double> f) => records.Count == 0 ? 0 : records.Average(f);
        return new FanOutResult(
            label,
            live.Count,
            records.Count,
            Stopwatch.GetElapsedTime(sent, returned).TotalMilliseconds,
            records.Select(x => Stopwatch.GetElapsedTime(returned, x.Record!.AppliedTimestamp).TotalMilliseconds).Order().ToArray(),
            records.Select(x => Stopwatch.GetElapsedTime(sent, x.Record!.AppliedTimestamp).TotalMilliseconds).Order().ToArray(),
            Mean(x => x.Record!.MessageBytes),
            Mean(x => x.Record!.BlobBytes),
            Mean(x => x.Record!.BlobsFetched),
            Mean(x => x.Record!.BlobsAttached),
            Mean(x => x.Agent.Wire.Received - wireBefore[x.Agent.Index]),
            hubCpu,
            harnessCpu);
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.0} MiB";
}
