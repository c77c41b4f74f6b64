using System.Net.Sockets;
using Outpost.Protocol.Tunnels;

namespace Outpost.Cli.Tunnels;

/// <summary>Listens on a local port; each accepted connection becomes one tunnel stream to the forward's target at the site.</summary>
internal sealed class LocalForwarder(ForwardSpec spec, TunnelConnection connection, TextWriter log)
{
    public Socket Listen()
    {
        var listener = new Socket(spec.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(spec.Listen);
            listener.Listen(128);
            return listener;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new CliException($"cannot listen on {spec.Listen}: {e.Message}");
        }
    }

    public async Task RunAsync(Socket listener, CancellationToken ct)
    {
        var streams = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct);
                client.NoDelay = true;
                streams.RemoveAll(t => t.IsCompleted);
                streams.Add(Task.Run(() => ServeAsync(client, ct), CancellationToken.None));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Dispose();
            await Task.WhenAll(streams);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        try
        {
            var channel = await connection.OpenAsync(spec.Target, ct);
            try
            {
                // Also when Ctrl-C stops it: the stream ends in order and the local program gets an orderly close (FIN),
                // as with ssh -L.
                await StreamPiping.JoinAsync(client, channel, ct);
            }
            finally
            {
                channel.Dispose();
            }
        }
        catch (TunnelRefusedException e)
        {
            await log.WriteLineAsync($"outpost tunnel: {connection.SiteId} {spec.Target}: {e.Message}");
            Reset(client);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            await log.WriteLineAsync($"outpost tunnel: {connection.SiteId} {spec.Target}: stream ended with an error: {e.Message}");
            Reset(client);
        }
        catch (OperationCanceledException)
        {
            Reset(client);
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>A reset, not a clean close: the local program must see that the stream failed, not that it ended.</summary>
    private static void Reset(Socket client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
    }

    public TunnelTarget Target => spec.Target;
}
