using System.Net.Sockets;

namespace Outpost.Protocol.Transport;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects as the default one does (or to the proxy, when the
/// handler uses one) but hands back a <see cref="CoalescingSocketStream"/>, and remembers it for the multiplexer.
/// </summary>
public sealed class CoalescingDialer
{
    /// <summary>The stream of the last connection this dialer made (a session's handler makes one).</summary>
    public CoalescingSocketStream? Last { get; private set; }

    /// <summary>Sets this dialer as <paramref name="handler"/>'s connect callback and returns the handler.</summary>
    public SocketsHttpHandler Attach(SocketsHttpHandler handler)
    {
        handler.ConnectCallback = ConnectAsync;
        return handler;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new CoalescingSocketStream(socket);
        Last = stream;
        return stream;
    }
}
