using System.Diagnostics;
using Outpost.Agent.State;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Bundles;

namespace Outpost.IntegrationTests;

/// <summary>Offline periods, restarts, kill -9 mid-apply and the proxy path, with real processes and sockets.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task Events_made_while_the_hub_is_down_are_replayed_on_reconnect_and_stored_once()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-offline");
        var (stop, run) = hub.RunAgent("lab-offline");
        var v1 = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "v1", new Dictionary<string, string> { ["app.conf"] = "v1\n" }), "lab-offline");
        await hub.WaitForSiteAsync("lab-offline", s => s.AppliedRevision == v1.Revision, "applied");
        // The hub shows the report before its acknowledgement reaches the agent: wait for that too, so that only the
        // offline runs' events are left to replay.
        await WaitUntil(() => Pending(agentDir) == 0, "the online run's events acknowledged");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // The hub goes away; the agent restarts twice without it and keeps serving the last good release.
        await hub.StopHubAsync();
        for (var i = 0; i < 2; i++)
        {
            var (offlineStop, offlineRun) = hub.RunAgent("lab-offline");
            await WaitUntil(() => Pending(agentDir) >= i + 1, "offline event queued");
            await offlineStop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => offlineRun);
            Assert.Equal("v1\n", BundleDirectory.Current(agentDir)["app.conf"]);
        }

        Assert.Equal(2, Pending(agentDir));
        await hub.StartHubAsync();
        Assert.False((await hub.SiteAsync("lab-offline")).Online);
        hub.RunAgent("lab-offline");
        await hub.WaitForSiteAsync("lab-offline", s => s.Online, "back online");
        await WaitUntil(() => Pending(agentDir) == 0, "outbox drained");

        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-offline&limit=1000", CancellationToken.None);
        var fromAgent = events.Where(e => e.AgentSeq is not null).Select(e => e.AgentSeq!.Value).ToList();
        Assert.Equal(fromAgent.Distinct().Count(), fromAgent.Count);
        Assert.Equal(Enumerable.Range(1, fromAgent.Count).Select(i => (long)i), fromAgent.Order());
        Assert.Equal(4, events.Count(e => e.Kind == "agent-started"));
        Assert.Single(events, e => e.Kind == "applied");
    }

    [Fact]
    public async Task An_agent_stopped_before_it_connects_ends_as_a_stop_not_as_a_normal_return()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-stopped");
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var runner = new Outpost.Agent.AgentRunner(new Outpost.Agent.AgentOptions { DataDirectory = agentDir }, TimeProvider.System);

        // A stop is told from a failure by this exception, wherever in the run it lands; here before the first dial.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(stop.Token));
        Assert.Equal(1, Pending(agentDir));
    }

    [Fact]
    public async Task A_second_agent_run_on_a_running_agents_data_directory_is_refused_and_the_first_keeps_its_session()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-twice");
        hub.RunAgent("lab-twice");
        await hub.WaitForSiteAsync("lab-twice", s => s.Online, "online");

        // A technician's `agent run` beside the service: refused before it dials, so it never takes the session over.
        var (exitCode, _, stderr) = await OutpostProcess.RunAsync(null, "agent", "run", "--data-dir", agentDir);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: another agent is already running on {Path.GetFullPath(agentDir)} (process {Environment.ProcessId})", stderr, StringComparison.Ordinal);

        var v1 = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "v1", new Dictionary<string, string> { ["app.conf"] = "v1\n" }), "lab-twice");
        await hub.WaitForSiteAsync("lab-twice", s => s.AppliedRevision == v1.Revision, "applied by the first agent");
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-twice", CancellationToken.None);
        Assert.Single(events, e => e.Kind == "connected");
        Assert.Equal("v1\n", BundleDirectory.Current(agentDir)["app.conf"]);
    }

    [Fact]
    public async Task An_agent_killed_mid_apply_keeps_a_whole_release_and_converges_after_restart()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-kill");
        var small = new Dictionary<string, string> { ["app.conf"] = "small\n" };
        var v1 = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "small", small), "lab-kill");
        await RunChildUntil(agentDir, async () => (await hub.SiteAsync("lab-kill")).AppliedRevision == v1.Revision, kill: false);

        var big = Enumerable.Range(0, 400).ToDictionary(i => $"data/file{i:000}.txt", i => new string((char)('a' + (i % 26)), 8192) + i);
        var bigDir = BundleDirectory.Create(hub.Root, "big", big);
        var v2 = await hub.PublishAsync(bigDir, "lab-kill");
        var staging = Path.Combine(agentDir, "releases");

        // kill -9 while a release is being staged, then check what is current: one whole release, never a mix.
        for (var round = 0; round < 3; round++)
        {
            await RunChildUntil(agentDir, () => Task.FromResult(Directory.Exists(staging) && Directory.EnumerateDirectories(staging, ".staging-*").Any()), kill: true);
            var current = BundleDirectory.Current(agentDir);
            Assert.True(Same(current, small) || Same(current, big), $"after kill {round}, current has {current.Count} files: neither whole release");
        }

        await RunChildUntil(agentDir, async () => (await hub.SiteAsync("lab-kill")).AppliedRevision == v2.Revision, kill: false);
        Assert.True(Same(BundleDirectory.Current(agentDir), big));
        Assert.NotEqual(v1.Revision, v2.Revision);
    }

    [Fact]
    public async Task An_agent_joins_and_converges_through_an_http_connect_proxy()
    {
        await using var proxy = new ConnectProxy().Start();
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-proxied", proxy.Url);
        hub.RunAgent("lab-proxied", proxy.Url);
        var published = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "p", new Dictionary<string, string> { ["via"] = "proxy\n" }), "lab-proxied");

        await hub.WaitForSiteAsync("lab-proxied", s => s.AppliedRevision == published.Revision, "applied through the proxy");
        Assert.Equal("proxy\n", BundleDirectory.Current(agentDir)["via"]);
        // CA discovery, enrolment and the session each went through the proxy to the hub.
        Assert.True(proxy.Tunnels.Count >= 3, $"tunnels: {string.Join(", ", proxy.Tunnels)}");
        Assert.All(proxy.Tunnels, t => Assert.Equal($"127.0.0.1:{hub.Port}", t));
    }

    [Fact]
    public async Task A_pulled_cable_is_noticed_without_a_fin_and_the_push_it_swallowed_arrives_after_the_redial()
    {
        await using var proxy = new ConnectProxy().Start();
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromSeconds(1), offlineAfter: TimeSpan.FromSeconds(3));
        var agentDir = await hub.JoinAsync("lab-cable", proxy.Url);
        hub.RunAgent("lab-cable", proxy.Url);
        var v1 = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "c1", new Dictionary<string, string> { ["app.conf"] = "v1\n" }), "lab-cable");
        await hub.WaitForSiteAsync("lab-cable", s => s.Online && s.AppliedRevision == v1.Revision, "applied v1");
        var dialled = proxy.Tunnels.Count;

        // The session's connection goes silent both ways with no FIN and no reset, and swallows the push of v2.
        proxy.PullCable();
        var v2 = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "c2", new Dictionary<string, string> { ["app.conf"] = "v2\n" }), "lab-cable");

        // The agent notices the hub's silence, dials again, and the hub pushes what the agent says it lacks.
        await hub.WaitForSiteAsync("lab-cable", s => s.Online && s.AppliedRevision == v2.Revision, "applied v2 over a new session", seconds: 60);
        Assert.Equal("v2\n", BundleDirectory.Current(agentDir)["app.conf"]);
        Assert.True(proxy.Tunnels.Count > dialled, "the agent never dialled again");

        // The hub let go of the silent session (closed for silence, or replaced by the new one) and says so.
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-cable&limit=1000", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == "disconnected");
        Assert.Equal(2, events.Count(e => e.Kind == "applied"));
    }

    [Fact]
    public async Task On_a_slow_link_a_download_that_delays_the_heartbeat_answers_does_not_pass_for_silence()
    {
        // 64 KB/s down, heartbeats every 0.5 s: a fetch window of blob data (256 KiB) queued ahead of a heartbeat's
        // answer holds it up for about 4 s, far past the 1.5 s of silence after which the agent gives up on the hub.
        await using var proxy = new ConnectProxy(downlinkBytesPerSecond: 64 * 1024).Start();
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromSeconds(0.5), offlineAfter: TimeSpan.FromSeconds(5));
        var agentDir = await hub.JoinAsync("lab-slow", proxy.Url);
        hub.RunAgent("lab-slow", proxy.Url);
        await hub.WaitForSiteAsync("lab-slow", s => s.Online, "online");
        var dialled = proxy.Tunnels.Count;

        // Random bytes as text do not compress; 600 KiB is too big to ride along with the push, so it is fetched.
        var big = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(450 * 1024));
        var published = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "slow", new Dictionary<string, string> { ["image.b64"] = big }), "lab-slow");

        await hub.WaitForSiteAsync("lab-slow", s => s.AppliedRevision == published.Revision, "applied over the slow link", seconds: 90);
        Assert.Equal(big, BundleDirectory.Current(agentDir)["image.b64"]);
        // One session all along: bytes arriving are a live hub, whatever control message waits behind them.
        Assert.Equal(dialled, proxy.Tunnels.Count);
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-slow&limit=1000", CancellationToken.None);
        Assert.DoesNotContain(events, e => e.Kind == "disconnected");
    }

    private static bool Same(Dictionary<string, string> current, Dictionary<string, string> expected) =>
        current.Count == expected.Count && expected.All(kv => current.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static int Pending(string agentDir)
    {
        using var store = new AgentStore(agentDir, TimeProvider.System);
        return store.Pending(store.LastAcknowledged, 10_000).Count;
    }

    private static async Task WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Runs `outpost agent run` as a real process until the condition holds, then kills it (SIGKILL) or stops it.</summary>
    private static async Task RunChildUntil(string agentDir, Func<Task<bool>> condition, bool kill)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "outpost"), ["agent", "run", "--data-dir", agentDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline && !child.HasExited, "the agent process did not reach the expected state");
                await Task.Delay(kill ? 1 : 20);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Linux: no clean-up runs
            await child.WaitForExitAsync();
        }
    }
}
