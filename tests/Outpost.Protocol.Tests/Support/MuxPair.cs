using System.Net.WebSockets;
using Outpost.Protocol.Multiplexing;

namespace Outpost.Protocol.Tests.Support;

/// <summary>
/// A client and a server <see cref="ChannelMultiplexer"/> over a real loopback websocket, each with its own offer handler.
/// </summary>
internal sealed class MuxPair : IAsyncDisposable
{
    private readonly SocketPair _sockets;

    private MuxPair(SocketPair sockets, ChannelMultiplexer client, ChannelMultiplexer server)
    {
        _sockets = sockets;
        Client = client;
        Server = server;
    }

    public ChannelMultiplexer Client { get; }

    public ChannelMultiplexer Server { get; }

    public WebSocket ClientSocket => _sockets.Client;

    public WebSocket ServerSocket => _sockets.Server;

    public static async Task<MuxPair> StartAsync(Action<ChannelOffer>? serverOffers, Action<ChannelOffer>? clientOffers = null)
    {
        var sockets = await SocketPair.ConnectAsync();
        var client = ChannelMultiplexer.Start(sockets.Client, isClient: true, clientOffers);
        var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, serverOffers);
        return new MuxPair(sockets, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        _sockets.Dispose();
    }
}
