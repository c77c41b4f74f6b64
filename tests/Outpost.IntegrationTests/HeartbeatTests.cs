using Outpost.Agent.Identity;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>The hub marks a silent site offline and closes its session after the configured silence.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_session_that_stops_sending_heartbeats_is_closed_and_the_site_shown_offline()
    {
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromSeconds(1), offlineAfter: TimeSpan.FromSeconds(2));
        await hub.JoinAsync("lab-silent");

        // Connected, welcomed, then mute: no RunAsync, so no heartbeats (a cable pulled without a FIN).
        await using var session = await IsolationTests.Connect(hub, AgentIdentity.Load(hub.AgentDir("lab-silent")));
        await hub.WaitForSiteAsync("lab-silent", s => s.Online, "online");

        await hub.WaitForSiteAsync("lab-silent", s => !s.Online, "offline after silence");
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-silent", CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!events.Any(e => e.Kind == "disconnected"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no disconnected event");
            await Task.Delay(50);
            events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-silent", CancellationToken.None);
        }

        Assert.Contains("silent", events.Single(e => e.Kind == "disconnected").Data, StringComparison.Ordinal);
    }
}
