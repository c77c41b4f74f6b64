using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>TCP servers at the "site" that tunnels reach in tests: echo, an endless sender, and a tiny HTTP server.</summary>
internal sealed class TargetServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _connections;
    private long _sent;

    private TargetServer(Func<Socket, TargetServer, CancellationToken, Task> serve)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(256);
        _accepting = Task.Run(async () =>
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    connections.Add(Task.Run(async () =>
                    {
                        using (socket)
                        {
                            try
                            {
                                await serve(socket, this, _stop.Token);
                            }
                            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                            {
                            }
                        }
                    }));
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }

            await Task.WhenAll(connections);
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string Target => $"127.0.0.1:{Port}";

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Bytes the server has handed to its sockets so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends back what it receives; closes its side once the client has closed its own.</summary>
    public static TargetServer Echo() => new(async (socket, server, ct) =>
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, ct);
            Interlocked.Add(ref server._sent, read);
        }

        socket.Shutdown(SocketShutdown.Send);
    });

    /// <summary>Sends without end, as fast as the connection takes it, until the client goes away.</summary>
    public static TargetServer Firehose() => new(async (socket, server, ct) =>
    {
        var buffer = new byte[64 * 1024];
        Random.Shared.NextBytes(buffer);
        while (true)
        {
            var sent = await socket.SendAsync(buffer, SocketFlags.None, ct);
            Interlocked.Add(ref server._sent, sent);
        }
    });

    /// <summary>Sends a banner and closes its sending side at once: the target ends the stream first.</summary>
    public static TargetServer Banner(string text) => new(async (socket, server, ct) =>
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await socket.SendAsync(bytes, SocketFlags.None, ct);
        Interlocked.Add(ref server._sent, bytes.Length);
        socket.Shutdown(SocketShutdown.Send);
        var sink = new byte[1024];
        while (await socket.ReceiveAsync(sink, SocketFlags.None, ct) > 0)
        {
        }
    });

    /// <summary>Answers every request on a connection with a fixed body, HTTP/1.1 keep-alive.</summary>
    public static TargetServer Http(string body) => new(async (socket, server, ct) =>
    {
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        while (await reader.ReadLineAsync(ct) is { } requestLine && requestLine.Length > 0)
        {
            while (await reader.ReadLineAsync(ct) is { Length: > 0 })
            {
            }

            var content = Encoding.UTF8.GetBytes($"{body} {requestLine.Split(' ')[1]}");
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {content.Length}\r\n\r\n");
            await stream.WriteAsync(head, ct);
            await stream.WriteAsync(content, ct);
            Interlocked.Add(ref server._sent, head.Length + content.Length);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
