using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Outpost.Bench.Tunnel;

/// <summary>
/// The service every path reaches: a request byte 'D' and an 8-byte length asks for that many bytes (throughput);
/// 'E' makes it echo until the client closes (round trips).
/// </summary>
internal sealed class BenchTarget : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();

    public BenchTarget()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private static async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var header = new byte[9];
                await ReceiveExactlyAsync(socket, header.AsMemory(0, 1));
                if (header[0] == (byte)'D')
                {
                    await ReceiveExactlyAsync(socket, header.AsMemory(1, 8));
                    var remaining = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(1));
                    var block = new byte[256 * 1024];
                    Random.Shared.NextBytes(block);
                    while (remaining > 0)
                    {
                        var n = (int)Math.Min(block.Length, remaining);
                        await socket.SendAsync(block.AsMemory(0, n), SocketFlags.None);
                        remaining -= n;
                    }

                    socket.Shutdown(SocketShutdown.Send);
                    await socket.ReceiveAsync(new byte[1], SocketFlags.None);
                    return;
                }

                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
            catch (SocketException)
            {
            }
        }
    }

    public static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("the connection closed early");
            }

            buffer = buffer[n..];
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}
