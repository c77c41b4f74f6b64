using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Outpost.Protocol.Transport;

namespace Outpost.Bench.Fleet;

/// <summary>
/// Connects from one of several loopback source addresses (127.0.0.10, .11, …): each source address has its own
/// ephemeral port range, so 10,000 sessions plus enrolment connections in TIME_WAIT never exhaust ports.
/// </summary>
internal static class LoopbackDialer
{
    public static IPAddress SourceFor(int agentIndex, int sources) => new([127, 0, 0, (byte)(10 + (agentIndex % sources))]);

    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(IPAddress source, WireCounter counter) =>
        async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new CountingConnectionStream(new CoalescingSocketStream(socket), counter);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
