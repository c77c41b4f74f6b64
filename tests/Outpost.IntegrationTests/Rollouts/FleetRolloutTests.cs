using Outpost.IntegrationTests.GitOps;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>A fleet repository naming a rollout policy: each commit's changed sites go through one rollout, wave by wave, inside their windows.</summary>
public sealed class FleetRolloutTests
{
    [Fact]
    public async Task A_commit_naming_a_policy_rolls_out_wave_by_wave_inside_the_windows_and_the_sites_converge()
    {
        using var repo = FleetRolloutSetup.CreateRepo();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        // The sample names no policy: its first commit is published at once.
        var first = await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        Assert.Null(first.Rollout);
        Assert.Equal(["standard"], first.Policies);
        await FleetRolloutSetup.RunAgentsAsync(hub);
        var before = await hub.DesiredRevisionsAsync();

        // 05:30 in Zurich: the production window (02:00-06:00) closes in half an hour.
        FleetRolloutSetup.AdvanceToZurich(hub.Clock, new TimeOnly(5, 30));
        FleetRolloutSetup.NamePolicy(repo);
        FleetRolloutSetup.TouchHeader(repo, "rolled out in waves");
        var commit = repo.CommitAll("roll out through the standard policy");
        var status = await hub.RefreshFleetAsync();

        Assert.Equal(commit, status.Commit);
        Assert.Equal("standard", status.RolloutPolicy);
        Assert.Null(status.RolloutHeld);
        Assert.Empty(status.PolicyErrors);
        Assert.NotNull(status.Rollout);
        var id = status.Rollout.Value;
        Assert.Equal(3, status.Changed);
        // Each site's bundle differs: one rollout carries three revisions.
        Assert.Equal(3, status.Revisions.Count);
        var targets = status.Revisions.SelectMany(r => r.Sites.Select(s => (Site: s, r.Revision))).ToDictionary(x => x.Site, x => x.Revision);
        Assert.Equal(FleetRolloutSetup.Sites.Order(), targets.Keys.Order());

        var view = await RolloutFleet.GetAsync(hub, id);
        Assert.Equal("standard", view.Policy);
        Assert.Equal($"fleet:{commit[..12]}", view.CreatedBy);
        Assert.Equal(["canary", "eu-central", "eu-north"], view.Waves.Select(w => w.Name));
        Assert.Equal([1, 1, 1], view.Waves.Select(w => w.Total));
        Assert.Equal(targets.Values.Order(), view.Revisions.Select(r => r.Revision).Order());

        // The staging canary has no window: it is updated at once and bakes; nobody else has the commit yet.
        await RolloutFleet.WaitAsync(hub, id, r => r.Waves[0].State == "baking", "canary baking");
        await hub.WaitForSiteAsync("de-ber-charite-02", s => s.AppliedRevision == targets["de-ber-charite-02"], "canary applied its own revision");
        Assert.Equal(before["de-muc-lmu-01"], (await hub.SiteAsync("de-muc-lmu-01")).DesiredRevision);

        // 06:31: the gate passes, but eu-central's window is closed, so its site waits.
        hub.Clock.Advance(TimeSpan.FromMinutes(61));
        await RolloutFleet.WaitAsync(hub, id, r => r.Waves[1].State == "running" && r.Waves[1].WaitingWindow == 1, "eu-central waiting for its window");
        Assert.Equal(before["de-muc-lmu-01"], (await hub.SiteAsync("de-muc-lmu-01")).DesiredRevision);

        // 02:05 the next night: the window opens and the wave goes; eu-north still waits for the gate.
        FleetRolloutSetup.AdvanceToZurich(hub.Clock, new TimeOnly(2, 5));
        await RolloutFleet.WaitAsync(hub, id, r => r.Waves[1].State == "baking", "eu-central baking");
        Assert.Equal(before["no-trd-stolav-01"], (await hub.SiteAsync("no-trd-stolav-01")).DesiredRevision);

        hub.Clock.Advance(TimeSpan.FromMinutes(61));
        await RolloutFleet.WaitAsync(hub, id, r => r.Waves[2].State == "baking", "eu-north baking");
        hub.Clock.Advance(TimeSpan.FromMinutes(61));
        var done = await RolloutFleet.WaitAsync(hub, id, r => r.State == "completed", "completed");

        Assert.All(done.Waves, w => Assert.Equal(1, w.Healthy));
        foreach (var site in FleetRolloutSetup.Sites)
        {
            var record = await hub.WaitForSiteAsync(site, s => s.AppliedRevision == targets[site], "its own fleet revision applied");
            Assert.Equal(targets[site], record.DesiredRevision);
        }

        var events = await RolloutFleet.EventsAsync(hub);
        Assert.Equal(3, events.Count(e => e.Kind == "rollout-gate-passed"));
        Assert.Equal(3, events.Count(e => e.Kind == "fleet-revision" && e.Data.Contains(commit, StringComparison.Ordinal)));
        Assert.Equal(3, events.Count(e => e.Kind == "desired-set" && e.Actor == $"rollout:{id}"));
    }
}
