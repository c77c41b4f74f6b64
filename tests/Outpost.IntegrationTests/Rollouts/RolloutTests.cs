using Outpost.Hub.Rollouts;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>Rollouts with a real hub and real agents: waves and gates, a failing canary, windows, offline sites, a hub restart.</summary>
public sealed class RolloutTests
{
    [Fact]
    public async Task A_three_wave_rollout_bakes_each_gate_and_completes()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub,
            ("lab-canary-01", "eu-central", "tier=canary", true),
            ("lab-zurich-02", "eu-central", "tier=standard", true),
            ("lab-basel-03", "eu-central", "tier=standard", true),
            ("lab-lyon-04", "eu-west", "tier=standard", true));
        await RolloutFleet.ApplyPolicyAsync(hub, "three-waves.yaml", """
            name: three-waves
            waves:
              - name: canary
                selector: tier=canary
                bakeTime: 10m
              - name: eu-central
                selector: region=eu-central,tier!=canary
                maxUnavailable: 50%
                bakeTime: 10m
              - name: rest
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "version = 2\n", "healthChecks:\n  - name: config\n    command: test -s app.conf\n");

        var started = await RolloutFleet.StartAsync(hub, revision, "three-waves");
        Assert.Equal([1, 2, 1], started.Waves.Select(w => w.Total));

        // The canary bakes; nothing else has the revision yet.
        var baking = await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[0].State == "baking", "canary baking");
        Assert.Equal(1, baking.Waves[0].Healthy);
        Assert.Equal(2, baking.Waves[1].Pending);
        Assert.NotEqual(revision, (await hub.SiteAsync("lab-zurich-02")).DesiredRevision);

        hub.Clock.Advance(TimeSpan.FromMinutes(11));
        await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[1].State == "baking", "second wave baking");
        Assert.NotEqual(revision, (await hub.SiteAsync("lab-lyon-04")).DesiredRevision);
        hub.Clock.Advance(TimeSpan.FromMinutes(11));

        var done = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed");
        Assert.All(done.Waves, w => Assert.Equal(w.Total, w.Healthy));
        foreach (var site in new[] { "lab-canary-01", "lab-zurich-02", "lab-basel-03", "lab-lyon-04" })
        {
            Assert.Equal(revision, (await hub.SiteAsync(site)).AppliedRevision);
        }

        var events = await RolloutFleet.EventsAsync(hub);
        Assert.Equal(3, events.Count(e => e.Kind == "rollout-wave-started"));
        Assert.Equal(3, events.Count(e => e.Kind == "rollout-gate-passed"));
        Assert.Single(events, e => e.Kind == "rollout-completed");
        Assert.Equal(4, events.Count(e => e.Kind == "rollout-site-healthy"));
    }

    [Fact]
    public async Task A_failing_canary_pauses_the_rollout_and_rolls_it_back()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub, ("lab-canary-01", "eu-central", "tier=canary", true), ("lab-zurich-02", "eu-central", "tier=standard", true));
        var good = (await hub.PublishAsync(BundleDirectory.Create(hub.Root, "good", new Dictionary<string, string> { ["app.conf"] = "1\n" }), "lab-canary-01", "lab-zurich-02")).Revision;
        await hub.WaitForSiteAsync("lab-canary-01", s => s.AppliedRevision == good, "good applied");
        await hub.WaitForSiteAsync("lab-zurich-02", s => s.AppliedRevision == good, "good applied");
        await RolloutFleet.ApplyPolicyAsync(hub, "careful.yaml", """
            name: careful
            autoRollback: true
            waves:
              - name: canary
                selector: tier=canary
                failureThreshold: 1
              - name: rest
            """);
        var bad = await RolloutFleet.UploadAsync(hub, "bad", "2\n", "healthChecks:\n  - name: lis-link\n    command: echo no LIS >&2; exit 3\n");

        var started = await RolloutFleet.StartAsync(hub, bad, "careful");
        var rolledBack = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "rolled-back", "rolled back");

        Assert.Contains("failure threshold", rolledBack.Reason, StringComparison.Ordinal);
        Assert.Equal(1, rolledBack.Waves[0].RolledBack);
        Assert.Equal(1, rolledBack.Waves[1].Cancelled);
        var canary = await hub.WaitForSiteAsync("lab-canary-01", s => s.DesiredRevision == good && s.AppliedRevision == good, "back on the good revision");
        Assert.Equal(good, canary.DesiredRevision);
        var other = await hub.SiteAsync("lab-zurich-02");
        Assert.Equal(good, other.DesiredRevision);
        Assert.Equal(good, other.AppliedRevision);

        var events = await RolloutFleet.EventsAsync(hub);
        var siteFailed = Assert.Single(events, e => e.Kind == "rollout-site-failed");
        Assert.Contains("lis-link", siteFailed.Data, StringComparison.Ordinal);
        Assert.Single(events, e => e.Kind == "rollout-paused");
        Assert.Single(events, e => e.Kind == "rollout-rolled-back");
        Assert.DoesNotContain(events, e => e.Kind == "desired-set" && e.SiteId == "lab-zurich-02" && e.Data.Contains(bad, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paused_rollout_waits_for_approval_and_resumes()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub, ("lab-canary-01", "eu-central", "tier=canary", true), ("lab-zurich-02", "eu-central", "tier=standard", true));
        await RolloutFleet.ApplyPolicyAsync(hub, "gated.yaml", """
            name: gated
            waves:
              - name: canary
                selector: tier=canary
              - name: rest
                approval: true
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "2\n");
        var started = await RolloutFleet.StartAsync(hub, revision, "gated");

        await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "waiting-approval", "waiting for approval");
        await RolloutFleet.ActAsync(hub, started.Id, "pause");
        await RolloutFleet.ActAsync(hub, started.Id, "approve");
        Assert.Equal("paused", (await RolloutFleet.GetAsync(hub, started.Id)).State);
        await RolloutFleet.ActAsync(hub, started.Id, "resume");

        var done = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed");
        Assert.Equal("operator:admin", done.Waves[1].ApprovedBy);
        var approved = Assert.Single(await RolloutFleet.EventsAsync(hub), e => e.Kind == "rollout-approved");
        Assert.Equal("operator:admin", approved.Actor);
    }

    [Fact]
    public async Task A_maintenance_window_holds_a_site_until_it_opens()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub, ("lab-zurich-01", "eu-central", "tier=standard", true), ("lab-always-02", "eu-central", "tier=standard", true));
        var opens = hub.Clock.GetUtcNow().AddHours(2);
        await RolloutFleet.ApplyPolicyAsync(hub, "windowed.yaml", $"""
            name: windowed
            offlineDeadline: 1d
            waves:
              - name: all
                maxUnavailable: 100%
            maintenanceWindows:
              - site: lab-zurich-01
                timeZone: Etc/UTC
                start: "{opens:HH:mm}"
                end: "{opens.AddHours(1):HH:mm}"
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "2\n");
        var started = await RolloutFleet.StartAsync(hub, revision, "windowed");

        var held = await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[0].Healthy == 1 && r.Waves[0].WaitingWindow == 1, "one updated, one held");
        Assert.Equal("running", held.State);
        Assert.NotEqual(revision, (await hub.SiteAsync("lab-zurich-01")).DesiredRevision);

        hub.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed once the window opened");
        Assert.Equal(revision, (await hub.SiteAsync("lab-zurich-01")).AppliedRevision);
    }

    [Fact]
    public async Task An_offline_site_is_deferred_and_updated_when_it_comes_back()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub, ("lab-online-01", "eu-central", "tier=standard", true), ("lab-away-02", "eu-central", "tier=standard", false));
        await RolloutFleet.ApplyPolicyAsync(hub, "patient.yaml", """
            name: patient
            offlineDeadline: 10m
            waves:
              - name: all
                maxUnavailable: 100%
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "2\n");
        var started = await RolloutFleet.StartAsync(hub, revision, "patient");
        await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[0].Healthy == 1 && r.Waves[0].Offline == 1, "one healthy, one offline");

        hub.Clock.Advance(TimeSpan.FromMinutes(11));
        var completed = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed with a deferred site");
        var deferred = Assert.Single(completed.Deferred);
        Assert.Equal("lab-away-02", deferred.Site);
        Assert.Contains("offline", deferred.Reason, StringComparison.Ordinal);

        hub.RunAgent("lab-away-02");
        var caughtUp = await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[0].Healthy == 2, "deferred site updated on reconnect");
        Assert.Empty(caughtUp.Deferred);
        Assert.Equal(revision, (await hub.SiteAsync("lab-away-02")).AppliedRevision);
        var history = await hub.Client.GetAsync<List<SiteRolloutEntry>>("/v1/rollout-history/lab-away-02", CancellationToken.None);
        Assert.Equal("healthy", Assert.Single(history).State);
    }

    [Fact]
    public async Task A_hub_restarted_mid_wave_finishes_the_rollout_without_repeating_a_site()
    {
        await using var hub = await TestHub.StartAsync();
        await RolloutFleet.AddAsync(hub, ("lab-a", "eu-central", "tier=standard", true), ("lab-b", "eu-central", "tier=standard", true), ("lab-c", "eu-central", "tier=night", true));
        var opens = hub.Clock.GetUtcNow().AddHours(3);
        await RolloutFleet.ApplyPolicyAsync(hub, "night.yaml", $"""
            name: night
            offlineDeadline: 1d
            waves:
              - name: all
                maxUnavailable: 1
            maintenanceWindows:
              - selector: tier=night
                start: "{opens:HH:mm}"
                end: "{opens.AddHours(1):HH:mm}"
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "2\n");
        var started = await RolloutFleet.StartAsync(hub, revision, "night");
        await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[0].Healthy == 2 && r.Waves[0].WaitingWindow == 1, "mid-wave");

        await hub.StopHubAsync();
        await hub.StartHubAsync();
        hub.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));

        var done = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed after the restart");
        Assert.Equal(3, done.Waves[0].Healthy);
        var events = await RolloutFleet.EventsAsync(hub);
        foreach (var site in new[] { "lab-a", "lab-b", "lab-c" })
        {
            Assert.Single(events, e => e.Kind == "desired-set" && e.SiteId == site && e.Data.Contains(revision, StringComparison.Ordinal));
            Assert.Equal(revision, (await hub.SiteAsync(site)).AppliedRevision);
        }
    }
}
