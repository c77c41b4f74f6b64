using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Outpost.Protocol.Tests.Support;

/// <summary>Two websockets over a real loopback TCP connection: <see cref="Client"/> dialled <see cref="Server"/>.</summary>
internal sealed class SocketPair : IDisposable
{
    private readonly TcpClient _clientTcp;
    private readonly TcpClient _serverTcp;

    private SocketPair(TcpClient clientTcp, TcpClient serverTcp)
    {
        _clientTcp = clientTcp;
        _serverTcp = serverTcp;
        Client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    public WebSocket Client { get; }

    public WebSocket Server { get; }

    public static async Task<SocketPair> ConnectAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var clientTcp = new TcpClient { NoDelay = true };
        try
        {
            var accepting = listener.AcceptTcpClientAsync();
            await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Timeouts.Generous);
            var serverTcp = await accepting.WaitAsync(Timeouts.Generous);
            serverTcp.NoDelay = true;
            return new SocketPair(clientTcp, serverTcp);
        }
        catch
        {
            clientTcp.Dispose();
            throw;
        }
        finally
        {
            listener.Stop();
        }
    }

    public void Dispose()
    {
        Client.Abort();
        Server.Abort();
        Client.Dispose();
        Server.Dispose();
        _clientTcp.Dispose();
        _serverTcp.Dispose();
    }
}
