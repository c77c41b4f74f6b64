using Outpost.Cli.Tunnels;
using Outpost.Hub.Operators;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>A tunnel over a site's slow uplink, where the agent's heartbeats queue behind the stream's bytes.</summary>
public sealed class SlowLinkTunnelTests
{
    [Fact]
    public async Task A_download_that_delays_the_heartbeats_on_a_slow_uplink_neither_ends_the_session_nor_the_stream()
    {
        // 64 KB/s up, heartbeats every 0.5 s, offline after 2 s of silence: the stream's data queued ahead of a heartbeat
        // (its 2 MiB window, as far as the buffers on the way take it) holds it up for far longer than that.
        await using var proxy = new ConnectProxy(uplinkBytesPerSecond: 64 * 1024).Start();
        var text = Convert.ToBase64String(TunnelStreams.Random(450 * 1024));
        await using var banner = TargetServer.Banner(text);
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromSeconds(0.5), offlineAfter: TimeSpan.FromSeconds(2));
        await hub.JoinAsync("lab-uplink", proxy.Url);
        hub.RunAgent("lab-uplink", proxy.Url);
        await TunnelSite.PublishAllowListAsync(hub, "lab-uplink", [banner.Target]);
        var dialled = proxy.Tunnels.Count;

        await using var tunnel = await TunnelConnection.ConnectAsync(OperatorConfig.Load(hub.Host.OperatorConfigPath), "lab-uplink", CancellationToken.None);
        using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(banner.Target), CancellationToken.None);
        var received = await TunnelStreams.ReadToEndAsync(channel);

        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(received));
        Assert.Equal(dialled, proxy.Tunnels.Count);
        var site = await hub.SiteAsync("lab-uplink");
        Assert.True(site.Online, "the site went offline during the download");
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-uplink&limit=1000", CancellationToken.None);
        Assert.DoesNotContain(events, e => e.Kind == "disconnected");
    }
}
