using System.Net;
using System.Net.Sockets;
using System.Text;
using Outpost.Cli.Tunnels;
using Outpost.Hub.Tunnels;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>Bytes through real tunnels: operator → hub → the agent's session → a target server started by the test.</summary>
public sealed class TunnelTransferTests
{
    [Fact]
    public async Task A_large_transfer_arrives_intact_both_ways()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-big", echo.Target);
        await using var tunnel = await site.ConnectAsync();

        var data = TunnelStreams.Random(48 * 1024 * 1024);
        using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        var back = await TunnelStreams.EchoAsync(channel, data);

        Assert.Equal(data.Length, back.Length);
        Assert.Equal(TunnelStreams.Hash(data), TunnelStreams.Hash(back));
    }

    [Fact]
    public async Task Fifty_concurrent_streams_share_the_session_and_each_arrives_intact()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-50", echo.Target);
        await using var tunnel = await site.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var data = TunnelStreams.Random(512 * 1024 + i);
            using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
            var back = await TunnelStreams.EchoAsync(channel, data);
            return TunnelStreams.Hash(data) == TunnelStreams.Hash(back);
        })).WaitAsync(TunnelStreams.Patience);

        Assert.All(results, Assert.True);
        Assert.Equal(50, echo.Connections);
    }

    [Fact]
    public async Task A_stalled_stream_holds_up_neither_a_busy_stream_nor_the_session_and_stays_bounded()
    {
        await using var echo = TargetServer.Echo();
        await using var firehose = TargetServer.Firehose();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-stall", echo.Target, firehose.Target);
        await using var tunnel = await site.ConnectAsync();

        // Never read: its window fills at every hop, and the firehose must be made to wait.
        using var stalled = await tunnel.OpenAsync(TunnelTarget.Parse(firehose.Target), CancellationToken.None);
        using var busy = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        var data = TunnelStreams.Random(32 * 1024 * 1024);
        var back = await TunnelStreams.EchoAsync(busy, data);
        Assert.Equal(TunnelStreams.Hash(data), TunnelStreams.Hash(back));

        // Heartbeats still flow: the hub still sees the agent, several heartbeat intervals later.
        var before = (await site.Hub.SiteAsync(site.SiteId)).LastSeen;
        await site.Hub.WaitForSiteAsync(site.SiteId, s => s.Online && s.LastSeen > before, "heartbeats while a stream is stalled");

        // Memory stays bounded: what the firehose got rid of is windows plus socket buffers, not the data it could send.
        Assert.InRange(firehose.Sent, 1, 64L * 1024 * 1024);

        // And a new stream still opens and works beside the stalled one.
        using var another = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        Assert.Equal("ping"u8.ToArray(), await TunnelStreams.EchoAsync(another, "ping"u8.ToArray()));
    }

    [Fact]
    public async Task Closing_either_end_closes_the_other()
    {
        await using var echo = TargetServer.Echo();
        await using var banner = TargetServer.Banner("hello from the site\n");
        await using var site = await TunnelSite.StartAsync("lab-tunnel-close", echo.Target, banner.Target);
        await using var tunnel = await site.ConnectAsync();

        // The target closes first: the operator reads the banner, then the end.
        using (var fromSite = await tunnel.OpenAsync(TunnelTarget.Parse(banner.Target), CancellationToken.None))
        {
            Assert.Equal("hello from the site\n", Encoding.UTF8.GetString(await TunnelStreams.ReadToEndAsync(fromSite)));
        }

        // The operator closes first: the echo server sees the end and closes too, which the operator then sees.
        using (var fromOperator = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None))
        {
            Assert.Equal("bye"u8.ToArray(), await TunnelStreams.EchoAsync(fromOperator, "bye"u8.ToArray()));
        }

        var audit = await WaitForAuditAsync(site, 2);
        Assert.All(audit, s => Assert.Equal(TunnelOutcome.Closed, s.Outcome));
    }

    [Fact]
    public async Task Local_forwards_carry_http_like_ssh_L()
    {
        await using var http = TargetServer.Http("served at the site");
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-http", http.Target, echo.Target);
        await using var tunnel = await site.ConnectAsync();
        using var stop = new CancellationTokenSource();
        var forwarders = new[] { $"127.0.0.1:0:{http.Target}", $"0:{echo.Target}" }.Select(ForwardSpec.Parse)
            .Select(spec => new LocalForwarder(spec, tunnel, TextWriter.Null)).ToList();
        var listeners = forwarders.Select(f => f.Listen()).ToList();
        var running = forwarders.Select((f, i) => f.RunAsync(listeners[i], stop.Token)).ToList();
        var httpPort = ((IPEndPoint)listeners[0].LocalEndPoint!).Port;
        var echoPort = ((IPEndPoint)listeners[1].LocalEndPoint!).Port;

        using var client = new HttpClient();
        Assert.Equal("served at the site /one", await client.GetStringAsync($"http://127.0.0.1:{httpPort}/one"));
        Assert.Equal("served at the site /two", await client.GetStringAsync($"http://127.0.0.1:{httpPort}/two"));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, echoPort);
        var stream = tcp.GetStream();
        var data = TunnelStreams.Random(4 * 1024 * 1024);
        var writing = Task.Run(async () =>
        {
            await stream.WriteAsync(data);
            tcp.Client.Shutdown(SocketShutdown.Send);
        });
        using var back = new MemoryStream();
        await stream.CopyToAsync(back).WaitAsync(TunnelStreams.Patience);
        await writing;
        Assert.Equal(TunnelStreams.Hash(data), TunnelStreams.Hash(back.ToArray()));

        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TunnelStreams.Patience);
    }

    [Fact]
    public async Task Ending_a_forward_closes_its_open_connections_in_order_as_ssh_L_does()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-tunnel-stop", echo.Target);
        await using var tunnel = await site.ConnectAsync();
        using var stop = new CancellationTokenSource();
        var forwarder = new LocalForwarder(ForwardSpec.Parse($"0:{echo.Target}"), tunnel, TextWriter.Null);
        var listener = forwarder.Listen();
        var running = forwarder.RunAsync(listener, stop.Token);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndPoint!).Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("still here"u8.ToArray());
        var echoed = new byte[10];
        await stream.ReadExactlyAsync(echoed).AsTask().WaitAsync(TunnelStreams.Patience);
        Assert.Equal("still here"u8.ToArray(), echoed);

        await stop.CancelAsync(); // what Ctrl-C does to `outpost tunnel`

        // The local program reads the end of the stream, not a connection reset.
        var read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TunnelStreams.Patience);
        Assert.Equal(0, read);
        await running.WaitAsync(TunnelStreams.Patience);
        var audit = await WaitForAuditAsync(site, 1);
        Assert.Equal(TunnelOutcome.Closed, Assert.Single(audit).Outcome);
    }

    internal static async Task<List<TunnelStreamRecord>> WaitForAuditAsync(TunnelSite site, int count, Func<TunnelStreamRecord, bool>? where = null)
    {
        var deadline = DateTime.UtcNow + TunnelStreams.Patience;
        while (true)
        {
            var rows = (await site.Hub.Client.GetAsync<List<TunnelStreamRecord>>($"/v1/tunnels/streams?site={site.SiteId}", CancellationToken.None))
                .Where(r => r.Outcome != TunnelOutcome.Open && (where?.Invoke(r) ?? true)).ToList();
            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(rows.Count >= count, $"expected {count} finished tunnel streams in the audit log, found {rows.Count}");
                return rows;
            }

            await Task.Delay(50);
        }
    }
}
