using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Outpost.Cli.Operator;
using Outpost.Hub.Operators;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Transport;
using Outpost.Protocol.Tunnels;

namespace Outpost.Cli.Tunnels;

/// <summary>
/// The operator's one websocket to the hub for a site, multiplexed: every tunnel stream is a channel on it, so a new
/// stream costs one round trip to the site and no TLS handshake.
/// </summary>
internal sealed class TunnelConnection : IAsyncDisposable
{
    private readonly ChannelMultiplexer _mux;
    private readonly WebSocket _socket;

    private TunnelConnection(ChannelMultiplexer mux, WebSocket socket, string siteId)
    {
        _mux = mux;
        _socket = socket;
        SiteId = siteId;
    }

    public string SiteId { get; }

    /// <summary>Completes when the connection to the hub ends.</summary>
    public Task Completion => _mux.Completion;

    public static async Task<TunnelConnection> ConnectAsync(OperatorConfig config, string siteId, CancellationToken ct)
    {
        using var ca = X509Certificate2.CreateFromPem(config.CaCertificatePem);
        var caCopy = X509CertificateLoader.LoadCertificate(ca.RawData);
        var dialer = new CoalescingDialer();
        using var invoker = new HttpMessageInvoker(dialer.Attach(HubHandler.Create(caCopy)));
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + config.Token);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        var hub = new Uri(config.HubUrl);
        var uri = new UriBuilder(hub) { Scheme = hub.Scheme == "http" ? "ws" : "wss", Path = TunnelProtocol.OperatorPath(siteId) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, invoker, ct);
        }
        catch (WebSocketException e)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new CliException(status switch
            {
                HttpStatusCode.Unauthorized => "the hub does not accept this operator credential: it was removed or rotated, or belongs to another hub",
                HttpStatusCode.Forbidden => $"the hub refuses tunnels to site '{siteId}' for this operator",
                HttpStatusCode.NotFound => $"site '{siteId}' does not exist (or is outside this operator's sites)",
                HttpStatusCode.Conflict => $"site '{siteId}' is revoked",
                0 => ConnectionFailure.Describe(e, hub, ProxyAddress.For(hub, null)),
                _ => $"the hub refused the tunnel connection (HTTP {(int)status})",
            });
        }

        return new TunnelConnection(ChannelMultiplexer.Start(socket, isClient: true, transport: dialer.Last), socket, siteId);
    }

    /// <summary>Opens a stream to the target at the site: a channel whose bytes are the TCP connection's, once the site said yes.</summary>
    public async Task<TunnelStream> OpenAsync(TunnelTarget target, CancellationToken ct)
    {
        var channel = await _mux.OpenAsync(target.ToString(), TunnelProtocol.ChannelOptions, ct);
        try
        {
            var (status, reason) = await TunnelProtocol.ReadAnswerAsync(channel.Input, ct);
            if (status != TunnelProtocol.Open)
            {
                throw new TunnelRefusedException(status == TunnelProtocol.Refused ? $"refused: {reason}" : $"unreachable: {reason}");
            }

            return new TunnelStream(channel);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _mux.DisposeAsync();
        _socket.Dispose();
    }
}
