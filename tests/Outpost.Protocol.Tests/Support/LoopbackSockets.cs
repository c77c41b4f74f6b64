using System.Net;
using System.Net.Sockets;

namespace Outpost.Protocol.Tests.Support;

/// <summary>Two connected TCP sockets on loopback, for tests of what runs over a plain connection.</summary>
internal static class LoopbackSockets
{
    public static async Task<(Socket Client, Socket Server)> ConnectAsync()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!).Within();
        return (client, await accepting.Within());
    }
}
