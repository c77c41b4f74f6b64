using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outpost.IntegrationTests.Support;

/// <summary>
/// A minimal HTTP CONNECT proxy on loopback that records every tunnel it opens (only to loopback targets), and can pull
/// the cable of the tunnels open now: they go silent both ways, with no FIN and no reset, as when a network drops.
/// With a rate it is a slow link: what the target sends reaches the client at <paramref name="downlinkBytesPerSecond"/>,
/// what the client sends reaches the target at <paramref name="uplinkBytesPerSecond"/>.
/// </summary>
internal sealed class ConnectProxy(int downlinkBytesPerSecond = 0, int uplinkBytesPerSecond = 0) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _cable = new();
    private Task? _accepting;
    private string? _credentials;

    /// <summary>Starts listening; the proxy is usable once this returns.</summary>
    public ConnectProxy Start()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
        return this;
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The URL with a user and password in it, percent-encoded as in HTTPS_PROXY.</summary>
    public string UrlWith(string user, string password) =>
        $"http://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Answers CONNECTs without these Basic credentials with 407, as a hospital's proxy does. Call before <see cref="Start"/>.</summary>
    public ConnectProxy RequireCredentials(string user, string password)
    {
        _credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return this;
    }

    /// <summary>Why CONNECTs were answered with 407: "no credentials" or "wrong credentials".</summary>
    public ConcurrentQueue<string> AuthRefusals { get; } = new();

    public ConcurrentQueue<string> Tunnels { get; } = new();

    /// <summary>
    /// Every tunnel open now stops carrying bytes, either way, but stays open: what each side sends is swallowed and
    /// nothing comes back. Tunnels opened afterwards work (the cable is plugged in again for new connections).
    /// </summary>
    public void PullCable() => Interlocked.Exchange(ref _cable, new CancellationTokenSource()).Cancel();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => TunnelAsync(client));
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            string[] parts;
            // Like a real proxy, a 407 keeps the connection open: the client asks again on it, with its credentials.
            while (true)
            {
                var head = await ReadHeadAsync(stream);
                if (head.Length == 0)
                {
                    return; // the client gave up (after a 407, say)
                }

                parts = head.Split(' ', 3);
                if (parts.Length < 3 || parts[0] != "CONNECT" || !parts[1].StartsWith("127.0.0.1:", StringComparison.Ordinal))
                {
                    await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\n\r\n"u8.ToArray());
                    return;
                }

                if (_credentials is null || head.Contains($"\r\nProxy-Authorization: Basic {_credentials}\r\n", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                AuthRefusals.Enqueue(head.Contains("\r\nProxy-Authorization:", StringComparison.OrdinalIgnoreCase) ? "wrong credentials" : "no credentials");
                await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"lab\"\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            }

            Tunnels.Enqueue(parts[1]);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(parts[1].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray());
            var up = upstream.GetStream();
            var cable = Volatile.Read(ref _cable).Token;
            // A pulled cable parks both relays until the proxy goes away, so both sockets stay open and silent.
            await Task.WhenAny(RelayAsync(stream, up, cable, uplinkBytesPerSecond), RelayAsync(up, stream, cable, downlinkBytesPerSecond));
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>Copies until either side ends; once the cable is pulled, what arrives is dropped and reading stops.</summary>
    private async Task RelayAsync(NetworkStream from, NetworkStream to, CancellationToken cable, int bytesPerSecond)
    {
        // A slow link moves small pieces at a steady pace; what waits behind them queues in the sender's buffers.
        var buffer = new byte[bytesPerSecond > 0 ? 4 * 1024 : 16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0 && !cable.IsCancellationRequested)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                if (bytesPerSecond > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)n / bytesPerSecond), _stop.Token);
                }
            }

            if (cable.IsCancellationRequested)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // one side went away, or the proxy is stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _cable.Dispose();
        _listener.Stop();
        try
        {
            await (_accepting ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
