using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Session;
using Outpost.Protocol.Tunnels;

namespace Outpost.Agent.Tunnels;

/// <summary>
/// The agent's end of tunnel streams: takes the hub's "tunnel:" channel offers, checks the target against the site's
/// own allow-list (the site decides, whatever the hub says), dials it and pipes bytes both ways.
/// </summary>
public sealed partial class TunnelDialer(TunnelPolicySource policy, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Called on the session's receive loop: decides at once, serves on a task of its own.</summary>
    public void OnOffered(ChannelOffer offer, CancellationToken sessionEnded)
    {
        if (!offer.Name.StartsWith(ChannelNames.TunnelPrefix, StringComparison.Ordinal))
        {
            offer.Reject($"the agent takes tunnel channels only, not '{offer.Name}'");
            return;
        }

        var channel = offer.Accept(TunnelProtocol.ChannelOptions);
        _ = Task.Run(() => ServeAsync(channel, offer.Name, sessionEnded), CancellationToken.None);
    }

    private async Task ServeAsync(MuxChannel channel, string name, CancellationToken ct)
    {
        Socket? socket = null;
        try
        {
            if (TunnelProtocol.ParseAgentChannelName(name, out var problem) is not { } request)
            {
                await RefuseAsync(channel, TunnelProtocol.Refused, $"bad tunnel request: {problem}", ct);
                return;
            }

            var (streamId, target) = request;
            if (!policy.Current().Allows(target))
            {
                LogRefused(logger, streamId, target.ToString());
                await RefuseAsync(channel, TunnelProtocol.Refused, $"{target} is not in this site's tunnel allow-list (tunnel.allow of the applied bundle)", ct);
                return;
            }

            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectTimeout.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(target.Host, target.Port, connectTimeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var reason = e is SocketException s ? s.Message : $"no answer within {ConnectTimeout.TotalSeconds:0} s";
                await RefuseAsync(channel, TunnelProtocol.Unreachable, $"the site could not connect to {target}: {reason}", ct);
                return;
            }

            await TunnelProtocol.WriteAnswerAsync(channel.Output, TunnelProtocol.Open, null, ct);
            await channel.Output.FlushAsync(ct);
            LogOpened(logger, streamId, target.ToString());
            var started = time.GetTimestamp();
            var up = TunnelPump.PipeToSocketAsync(channel.Input, socket, ct);
            var down = TunnelPump.SocketToPipeAsync(socket, channel.Output, ct);
            await Task.WhenAll(up, down);
            LogClosed(logger, streamId, up.Result, down.Result, time.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            LogFailed(logger, name, e.Message);
        }
        finally
        {
            socket?.Dispose();
            channel.Dispose();
        }
    }

    private static async Task RefuseAsync(MuxChannel channel, byte status, string reason, CancellationToken ct)
    {
        await TunnelProtocol.WriteAnswerAsync(channel.Output, status, reason, ct);
        // Completing sends the answer and a half close before the channel is released: nothing is lost.
        await channel.Output.CompleteAsync();
    }

    [LoggerMessage(LogLevel.Information, "Tunnel stream {StreamId} to {Target} opened")]
    private static partial void LogOpened(ILogger logger, long streamId, string target);

    [LoggerMessage(LogLevel.Information, "Tunnel stream {StreamId} closed: {BytesIn} bytes in, {BytesOut} bytes out, {Seconds:0.###} s")]
    private static partial void LogClosed(ILogger logger, long streamId, long bytesIn, long bytesOut, double seconds);

    [LoggerMessage(LogLevel.Warning, "Tunnel stream {StreamId} to {Target} refused: not in the allow-list")]
    private static partial void LogRefused(ILogger logger, long streamId, string target);

    [LoggerMessage(LogLevel.Warning, "Tunnel stream {Channel} ended: {Reason}")]
    private static partial void LogFailed(ILogger logger, string channel, string reason);
}
