using System.IO.Pipelines;
using System.Net.Sockets;
using Outpost.Protocol.Tunnels;

namespace Outpost.Cli.Tunnels;

/// <summary>
/// Joins a local connection (a socket, or stdin/stdout) to an open tunnel channel until both directions are done, or until
/// the operator stops it (the token), which ends the stream in order too.
/// </summary>
internal static class StreamPiping
{
    public static async Task JoinAsync(Socket socket, TunnelStream channel, CancellationToken ct)
    {
        var up = TunnelPump.SocketToPipeAsync(socket, channel.Output, ct);
        var down = TunnelPump.PipeToSocketAsync(channel.Input, socket, ct);
        await StoppableAsync(Task.WhenAll(up, down), channel, ct);
    }

    public static async Task JoinAsync(Stream input, Stream output, TunnelStream channel, CancellationToken ct)
    {
        var up = Task.Run(async () =>
        {
            await input.CopyToAsync(channel.Output, ct);
            await channel.Output.CompleteAsync();
        }, ct);
        var down = Task.Run(async () =>
        {
            await channel.Input.CopyToAsync(output, ct);
            await output.FlushAsync(ct);
            await channel.Input.CompleteAsync();
        }, ct);
        // ssh ends by closing its side of the pipe; once the site's side has ended too, we are done.
        await StoppableAsync(Task.WhenAll(up, down), channel, ct);
    }

    private static async Task StoppableAsync(Task both, TunnelStream channel, CancellationToken ct)
    {
        try
        {
            await both;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await channel.StopAsync();
        }
    }
}
