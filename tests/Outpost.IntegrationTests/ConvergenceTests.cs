using Microsoft.Extensions.DependencyInjection;
using Outpost.Hub.Sessions;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>Join, converge, push without polling, health checks and rollback, with a real hub and real agents.</summary>
public sealed class ConvergenceTests
{
    [Fact]
    public async Task A_joined_site_converges_to_the_published_bundle()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-zurich-01");
        hub.RunAgent("lab-zurich-01");
        await hub.WaitForSiteAsync("lab-zurich-01", s => s.Online, "online");

        var files = new Dictionary<string, string> { ["gateway.conf"] = "listen = 2575\n", ["instruments/cobas.yaml"] = "port: /dev/ttyUSB0\n" };
        var bundle = BundleDirectory.Create(hub.Root, "v1", files, "healthChecks:\n  - name: config\n    command: test -s gateway.conf\n");
        var published = await hub.PublishAsync(bundle, "lab-zurich-01");

        var site = await hub.WaitForSiteAsync("lab-zurich-01", s => s.AppliedRevision == published.Revision, "applied");
        Assert.Equal("healthy", site.Health);
        Assert.Equal(published.Revision, site.DesiredRevision);
        var current = BundleDirectory.Current(agentDir);
        Assert.Equal(files["gateway.conf"], current["gateway.conf"]);
        Assert.Equal(files["instruments/cobas.yaml"], current["instruments/cobas.yaml"]);
    }

    [Fact]
    public async Task A_publish_reaches_a_connected_agent_by_push_not_by_polling()
    {
        // Heartbeats every 10 minutes: nothing in the session polls, so only a push can deliver the revision in time.
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromMinutes(10), offlineAfter: TimeSpan.FromMinutes(30));
        await hub.JoinAsync("lab-push-01");
        hub.RunAgent("lab-push-01");
        await hub.WaitForSiteAsync("lab-push-01", s => s.Online && s.AgentVersion is not null, "online");

        var published = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "push", new Dictionary<string, string> { ["a.txt"] = "pushed\n" }), "lab-push-01");

        await hub.WaitForSiteAsync("lab-push-01", s => s.AppliedRevision == published.Revision, "applied by push", seconds: 60);
    }

    [Fact]
    public async Task Publishes_in_quick_succession_leave_the_site_on_the_last_one()
    {
        // Pushes go out in the background: a later publish must never be overtaken by an earlier one on the way.
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromMinutes(10), offlineAfter: TimeSpan.FromMinutes(30));
        await hub.JoinAsync("lab-burst-01");
        hub.RunAgent("lab-burst-01");
        await hub.WaitForSiteAsync("lab-burst-01", s => s.Online && s.AgentVersion is not null, "online");

        var bundles = Enumerable.Range(1, 5)
            .Select(i => BundleDirectory.Create(hub.Root, $"burst{i}", new Dictionary<string, string> { ["v"] = $"{i}\n" }))
            .ToList();
        string? last = null;
        foreach (var bundle in bundles)
        {
            last = (await hub.PublishAsync(bundle, "lab-burst-01")).Revision;
        }

        var site = await hub.WaitForSiteAsync("lab-burst-01", s => s.AppliedRevision == last, "the last publish applied", seconds: 60);
        Assert.Equal(last, site.DesiredRevision);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(last, (await hub.SiteAsync("lab-burst-01")).AppliedRevision);
    }

    [Fact]
    public async Task A_failing_health_check_is_reported_and_the_agent_rolls_back_by_itself()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-health-01");
        hub.RunAgent("lab-health-01");
        var good = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "good", new Dictionary<string, string> { ["v"] = "1\n" }), "lab-health-01");
        await hub.WaitForSiteAsync("lab-health-01", s => s.AppliedRevision == good.Revision, "good applied");

        var bad = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "bad", new Dictionary<string, string> { ["v"] = "2\n" },
            "healthChecks:\n  - name: always-fails\n    command: echo broken >&2; exit 3\n"), "lab-health-01");

        var site = await hub.WaitForSiteAsync("lab-health-01", s => s.Health == "rolled-back", "rolled back");
        Assert.Equal(bad.Revision, site.DesiredRevision);
        Assert.Equal(good.Revision, site.AppliedRevision);
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-health-01", CancellationToken.None);
        var applied = Assert.Single(events, e => e.Kind == "applied" && e.Data.Contains(bad.Revision, StringComparison.Ordinal));
        Assert.Contains("broken", applied.Data, StringComparison.Ordinal);
        Assert.Contains("\"healthy\":false", applied.Data, StringComparison.Ordinal);
        Assert.Single(events, e => e.Kind == "rolled-back");
        Assert.Equal("1\n", BundleDirectory.Current(agentDir)["v"]);
    }

    [Fact]
    public async Task A_second_revision_brings_only_the_changed_blob_attached_to_the_push_and_its_manifest_as_a_patch_without_a_fetch()
    {
        await using var hub = await TestHub.StartAsync();
        var agentDir = await hub.JoinAsync("lab-delta-01");
        hub.RunAgent("lab-delta-01");
        var files = Enumerable.Range(0, 20).ToDictionary(i => $"f{i:00}.txt", i => new string((char)('a' + i), 4096));
        var first = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "d1", files), "lab-delta-01");
        await hub.WaitForSiteAsync("lab-delta-01", s => s.AppliedRevision == first.Revision, "first applied");
        var blobCount = Directory.GetFiles(Path.Combine(agentDir, "blobs", "sha256")).Length;
        var sessions = hub.Host.Services.GetRequiredService<SessionServices>();
        var fetched = sessions.FetchesServed;
        Assert.True(fetched >= 21, $"the first revision was fetched blob by blob ({fetched} fetches)");

        files["f07.txt"] = "changed\n";
        var second = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "d2", files), "lab-delta-01");
        await hub.WaitForSiteAsync("lab-delta-01", s => s.AppliedRevision == second.Revision, "second applied");

        // One new file blob, sent with the push; the config blob is unchanged. The agent rebuilt the manifest from the
        // patch against the one it ran (a manifest it could not rebuild would have been fetched).
        Assert.Equal(blobCount + 1, Directory.GetFiles(Path.Combine(agentDir, "blobs", "sha256")).Length);
        Assert.Equal(fetched, sessions.FetchesServed);
        Assert.Equal("changed\n", BundleDirectory.Current(agentDir)["f07.txt"]);
    }
}
