using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;

using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.Cli;
using Outpost.Cli.Operator;
using Outpost.Cli.Tunnels;
using Outpost.Hub.Events;
using Outpost.Hub.Sessions;
using Outpost.Hub.Tunnels;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Session;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>Who may reach what: the site's allow-list, operator roles, and sites that try to open streams themselves.</summary>
public sealed class TunnelSecurityTests
{
    [Fact]
    public async Task A_target_outside_the_allow_list_is_refused_with_a_clear_error_and_audited()
    {
        await using var echo = TargetServer.Echo();
        await using var other = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-allow", echo.Target);
        await using var tunnel = await site.ConnectAsync();

        // The CLI's pre-flight: the hub refuses early from the applied bundle.
        var early = await Assert.ThrowsAsync<CliException>(() =>
            site.Hub.Client.GetAsync<System.Text.Json.JsonElement>($"/v1/sites/{site.SiteId}/tunnel/check?target={other.Target}", CancellationToken.None));
        Assert.Contains("allow-list", early.Message, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<TunnelRefusedException>(() => tunnel.OpenAsync(TunnelTarget.Parse(other.Target), CancellationToken.None));
        Assert.Contains($"{other.Target} is not in site 'lab-tunnel-allow''s tunnel allow-list", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, other.Connections);

        var row = Assert.Single(await TunnelTransferTests.WaitForAuditAsync(site, 1));
        Assert.Equal(TunnelOutcome.Refused, row.Outcome);
        Assert.Equal(other.Target, row.Target);
        Assert.Equal("operator:admin", row.Operator);
    }

    [Fact]
    public async Task The_site_itself_enforces_its_allow_list_whatever_the_hub_asks()
    {
        await using var echo = TargetServer.Echo();
        await using var forbidden = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-agent-policy", echo.Target);
        var sessions = site.Hub.Host.Services.GetRequiredService<SessionRegistry>();
        Assert.True(sessions.TryGet(site.SiteId, out var connection));

        // Skip the hub's own check, as a compromised or stale hub would: the agent still says no.
        using var channel = await connection.OfferTunnelAsync(TunnelProtocol.AgentChannelName(999, TunnelTarget.Parse(forbidden.Target)), TunnelProtocol.ChannelOptions, CancellationToken.None);
        var (status, reason) = await TunnelProtocol.ReadAnswerAsync(channel.Input, CancellationToken.None);

        Assert.Equal(TunnelProtocol.Refused, status);
        Assert.Contains("this site's tunnel allow-list", reason, StringComparison.Ordinal);
        Assert.Equal(0, forbidden.Connections);
    }

    [Fact]
    public async Task Nothing_is_reachable_by_default()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-default");
        await using var tunnel = await site.ConnectAsync();

        var refused = await Assert.ThrowsAsync<TunnelRefusedException>(() => tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None));
        Assert.Contains("allow", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, echo.Connections);
    }

    [Fact]
    public async Task An_operator_without_the_role_cannot_reach_the_site_at_all()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-roles", echo.Target);
        var viewer = await site.AddOperatorAsync("vera", "viewer", null);
        var elsewhere = await site.AddOperatorAsync("walter", "tunnel", "region=eu-west");
        var here = await site.AddOperatorAsync("tina", "tunnel", "region=eu-central");

        foreach (var (config, expected) in new[] { (viewer, "role viewer, which may not open tunnels"), (elsewhere, "outside the operator's sites") })
        {
            using (var client = new HubClient(config))
            {
                var early = await Assert.ThrowsAsync<CliException>(() =>
                    client.GetAsync<System.Text.Json.JsonElement>($"/v1/sites/{site.SiteId}/tunnel/check?target={echo.Target}", CancellationToken.None));
                Assert.Contains(expected, early.Message, StringComparison.Ordinal);

                // Nor may they change anything else.
                var write = await Assert.ThrowsAsync<CliException>(() => site.Hub.Client.GetAsync<object>("/v1/sites", CancellationToken.None).ContinueWith(_ =>
                    client.PostAsync<object>("/v1/sites", new Outpost.Hub.Api.AddSiteRequest("lab-sneaky", "eu-central", null, null), CancellationToken.None)).Unwrap());
                Assert.Contains("admin only", write.Message, StringComparison.Ordinal);
            }

            // The websocket itself is refused as well, not only the pre-flight.
            var refused = await Assert.ThrowsAsync<CliException>(() => site.ConnectAsync(config));
            Assert.Contains(site.SiteId, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, echo.Connections);
        var denied = (await site.Hub.Client.GetAsync<List<HubEvent>>("/v1/events?limit=1000", CancellationToken.None)).Where(e => e.Kind == "tunnel-denied").ToList();
        Assert.Contains(denied, e => e.Actor == "operator:vera");
        Assert.Contains(denied, e => e.Actor == "operator:walter");

        // The operator whose sites include this one gets through, and is named in the audit log.
        await using (var tunnel = await site.ConnectAsync(here))
        using (var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None))
        {
            Assert.Equal("ok"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "ok"u8.ToArray()));
        }

        var row = Assert.Single(await TunnelTransferTests.WaitForAuditAsync(site, 1));
        Assert.Equal("operator:tina", row.Operator);
    }

    [Fact]
    public async Task A_site_cannot_open_a_stream_to_the_hub_or_another_site()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-victim", echo.Target);
        await site.Hub.JoinAsync("lab-tunnel-rogue");

        // A rogue agent with a genuine certificate speaks the session protocol by hand and offers a tunnel channel.
        var identity = AgentIdentity.Load(site.Hub.AgentDir("lab-tunnel-rogue"));
        using var ca = identity.CaCertificate();
        using var certificate = identity.ClientCertificate();
        using var invoker = new HttpMessageInvoker(HubConnector.ForCa(ca, certificate, null));
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{site.Hub.Port}{ChannelNames.SessionPath}"), invoker, CancellationToken.None);
        await using var mux = ChannelMultiplexer.Start(socket, isClient: true);
        var control = new MessageChannel((await mux.OpenAsync(ChannelNames.Control)).AsStream());
        await control.SendAsync(new Hello("rogue", null, null), CancellationToken.None);
        Assert.IsType<Welcome>(await control.ReceiveAsync(CancellationToken.None));

        foreach (var name in new[] { TunnelProtocol.AgentChannelName(1, TunnelTarget.Parse(echo.Target)), $"lab-tunnel-victim/{echo.Target}", echo.Target })
        {
            var refused = await Assert.ThrowsAsync<ChannelRejectedException>(() => mux.OpenAsync(name).WaitAsync(TunnelStreams.Patience));
            Assert.Contains("does not take", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, echo.Connections);
        Assert.Empty(await site.Hub.Client.GetAsync<List<TunnelStreamRecord>>("/v1/tunnels/streams", CancellationToken.None));
        await control.DisposeAsync();
    }

    [Fact]
    public async Task A_dropped_agent_session_ends_its_streams_with_an_error_and_a_reconnect_does_not_resurrect_them()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-drop", echo.Target);
        await using var tunnel = await site.ConnectAsync();
        using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        Assert.Equal("before"u8.ToArray(), await RoundTripAsync(channel, "before"u8.ToArray()));
        var firstSession = (await site.Hub.SiteAsync(site.SiteId)).LastSeen;

        site.Hub.Host.Services.GetRequiredService<SessionRegistry>().Close(site.SiteId, "dropped by the test");

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var rest = new MemoryStream();
            await channel.Input.CopyToAsync(rest).WaitAsync(TunnelStreams.Patience);
        });
        Assert.Contains("agent session", error.ToString(), StringComparison.Ordinal);

        var row = Assert.Single(await TunnelTransferTests.WaitForAuditAsync(site, 1));
        Assert.Equal(TunnelOutcome.Error, row.Outcome);
        Assert.Contains("dropped by the test", row.Reason, StringComparison.Ordinal);
        Assert.Equal(6, row.BytesToSite);
        Assert.Equal(6, row.BytesFromSite);

        // The agent comes back; the old stream stays dead, new streams work.
        await site.Hub.WaitForSiteAsync(site.SiteId, s => s.Online, "reconnected");
        Assert.Equal(1, echo.Connections);
        using var fresh = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        Assert.Equal("after"u8.ToArray(), await TunnelStreams.EchoAsync(fresh, "after"u8.ToArray()));
        Assert.NotNull(firstSession);
        Assert.Equal(2, echo.Connections);
    }

    [Fact]
    public async Task Every_stream_is_in_the_audit_log_with_bytes_each_way()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-audit", echo.Target);
        await using (var tunnel = await site.ConnectAsync())
        {
            foreach (var size in new[] { 1000, 250_000 })
            {
                using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
                await TunnelStreams.EchoAsync(channel, TunnelStreams.Random(size));
            }
        }

        var rows = await TunnelTransferTests.WaitForAuditAsync(site, 2);
        Assert.Equal([1000L, 250_000L], rows.Select(r => r.BytesToSite));
        Assert.Equal([1000L, 250_000L], rows.Select(r => r.BytesFromSite));
        Assert.All(rows, r =>
        {
            Assert.Equal(site.SiteId, r.SiteId);
            Assert.Equal(echo.Target, r.Target);
            Assert.Equal("operator:admin", r.Operator);
            Assert.NotNull(r.ClosedAt);
            Assert.NotNull(r.DurationSeconds);
            Assert.Equal(TunnelOutcome.Closed, r.Outcome);
        });
        var events = await site.Hub.Client.GetAsync<List<HubEvent>>($"/v1/events?site={site.SiteId}", CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Kind == "tunnel-stream"));
    }

    private static async Task<byte[]> RoundTripAsync(Outpost.Cli.Tunnels.TunnelStream channel, byte[] data)
    {
        await channel.Output.WriteAsync(data);
        var received = new List<byte>();
        while (received.Count < data.Length)
        {
            var result = await channel.Input.ReadAsync().AsTask().WaitAsync(TunnelStreams.Patience);
            received.AddRange(result.Buffer.ToArray());
            channel.Input.AdvanceTo(result.Buffer.End);
        }

        return [.. received];
    }
}
