using System.Diagnostics;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>A real `outpost hub` process killed with SIGKILL in the middle of a wave, then started again on the same data.</summary>
public sealed class RolloutKillTests
{
    [Fact]
    public async Task A_hub_process_killed_mid_wave_finishes_the_rollout_after_a_restart()
    {
        await using var hub = await TestHub.StartAsync();
        var sites = new[] { "lab-canary", "lab-k1", "lab-k2", "lab-k3", "lab-k4" };
        await RolloutFleet.AddAsync(hub, sites.Select(s => (s, "eu-central", s == "lab-canary" ? "tier=canary" : "tier=standard", true)).ToArray());
        await RolloutFleet.ApplyPolicyAsync(hub, "kill.yaml", """
            name: kill
            waves:
              - name: canary
                selector: tier=canary
              - name: rest
                maxUnavailable: 1
                approval: true
            """);
        var revision = await RolloutFleet.UploadAsync(hub, "v2", "2\n");
        var started = await RolloutFleet.StartAsync(hub, revision, "kill");
        await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "waiting-approval", "canary done, waiting for approval");

        // The same data dir and port, now in a child process that can be killed outright.
        await hub.StopHubAsync();
        using (var child = StartHubChild(hub))
        {
            await UntilAnswersAsync(hub, started.Id);
            await RolloutFleet.ActAsync(hub, started.Id, "approve");
            await RolloutFleet.WaitAsync(hub, started.Id, r => r.Waves[1].Healthy + r.Waves[1].Updating >= 2, "mid-wave");
            child.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
            await child.WaitForExitAsync();
        }

        await hub.StartHubAsync();
        var done = await RolloutFleet.WaitAsync(hub, started.Id, r => r.State == "completed", "completed after the kill");
        Assert.Equal(4, done.Waves[1].Healthy);
        var events = await RolloutFleet.EventsAsync(hub);
        foreach (var site in sites)
        {
            Assert.Single(events, e => e.Kind == "desired-set" && e.SiteId == site && e.Data.Contains(revision, StringComparison.Ordinal));
            Assert.Single(events, e => e.Kind == "rollout-site-healthy" && e.SiteId == site);
            await hub.WaitForSiteAsync(site, s => s.AppliedRevision == revision, "applied");
        }
    }

    private static async Task UntilAnswersAsync(TestHub hub, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await RolloutFleet.GetAsync(hub, id);
                return;
            }
            catch (Outpost.Cli.CliException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static Process StartHubChild(TestHub hub)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "outpost"),
            ["hub", "--data-dir", Path.Combine(hub.Root, "hub"), "--listen", hub.Url, "--heartbeat", "1", "--offline-after", "4"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }
}
