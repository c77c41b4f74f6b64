using Microsoft.Extensions.Logging;
using Outpost.Hub.Operators;
using Outpost.Hub.Sessions;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tunnels;

namespace Outpost.Hub.Tunnels;

/// <summary>
/// One tunnel stream through the hub: checks it, offers the agent a channel for it, hands the site's answer back to the
/// operator, then relays bytes both ways with each channel's own flow control, and writes the audit row at the end.
/// </summary>
public sealed partial class TunnelRelay(OperatorRecord op, string siteId, TunnelServices services)
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(20);
    private long _toSite;
    private long _fromSite;

    public async Task RunAsync(MuxChannel operatorChannel, string requested, CancellationToken ct)
    {
        if (TunnelTarget.TryParse(requested, out var problem) is not { } target)
        {
            await AnswerAndCloseAsync(operatorChannel, TunnelProtocol.Refused, $"bad tunnel target: {problem}", ct);
            return;
        }

        var id = services.Audit.Opened(siteId, $"operator:{op.Name}", target.ToString());
        var started = services.Time.GetTimestamp();
        var (outcome, reason) = (TunnelOutcome.Closed, (string?)null);
        MuxChannel? agentChannel = null;
        AgentConnection? connection = null;
        var opened = false;
        try
        {
            (outcome, reason, agentChannel, connection) = await OpenAsync(id, target, ct);
            if (agentChannel is null)
            {
                await AnswerAndCloseAsync(operatorChannel, outcome == TunnelOutcome.Refused ? TunnelProtocol.Refused : TunnelProtocol.Unreachable, reason, ct);
                return;
            }

            await TunnelProtocol.WriteAnswerAsync(operatorChannel.Output, TunnelProtocol.Open, null, ct);
            await operatorChannel.Output.FlushAsync(ct);
            opened = true;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, connection!.Ended);
            var up = TunnelPump.PipeToPipeAsync(operatorChannel.Input, agentChannel.Output, n => Interlocked.Add(ref _toSite, n), linked.Token);
            var down = TunnelPump.PipeToPipeAsync(agentChannel.Input, operatorChannel.Output, n => Interlocked.Add(ref _fromSite, n), linked.Token);
            await Task.WhenAll(up, down);
            outcome = TunnelOutcome.Closed;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            outcome = TunnelOutcome.Error;
            reason = connection is { Ended.IsCancellationRequested: true }
                ? $"the agent session of site '{siteId}' ended ({connection.CloseReason ?? "connection lost"})"
                : ct.IsCancellationRequested ? "the operator's connection or the hub ended" : e.Message;
            // A reset carries the reason: the operator sees why, not a clean end; the site's side stops too.
            if (opened)
            {
                operatorChannel.Reset(reason);
            }

            agentChannel?.Reset(reason);
        }
        finally
        {
            agentChannel?.Dispose();
            operatorChannel.Dispose();
            services.Audit.Ended(id, Interlocked.Read(ref _toSite), Interlocked.Read(ref _fromSite), outcome, reason);
            LogEnded(services.Logger, id, op.Name, siteId, target.ToString(), outcome, _toSite, _fromSite, services.Time.GetElapsedTime(started).TotalSeconds, reason);
        }
    }

    private async Task<(string Outcome, string? Reason, MuxChannel? Channel, AgentConnection? Connection)> OpenAsync(long id, TunnelTarget target, CancellationToken ct)
    {
        // The applied revision may have changed since the session began: look again for every stream.
        var site = services.Sites.Find(siteId);
        if (site is null || site.RevokedAt is not null)
        {
            return (TunnelOutcome.Refused, $"site '{siteId}' is gone or revoked", null, null);
        }

        if (services.Access.PolicyProblem(site, target) is { } refusal)
        {
            return (TunnelOutcome.Refused, refusal, null, null);
        }

        if (!services.Sessions.TryGet(siteId, out var connection))
        {
            return (TunnelOutcome.Unreachable, $"site '{siteId}' is not connected to the hub", null, null);
        }

        using var opening = CancellationTokenSource.CreateLinkedTokenSource(ct, connection.Ended);
        opening.CancelAfter(OpenTimeout);
        var channel = await connection.OfferTunnelAsync(TunnelProtocol.AgentChannelName(id, target), TunnelProtocol.ChannelOptions, opening.Token);
        var (status, why) = await TunnelProtocol.ReadAnswerAsync(channel.Input, opening.Token);
        if (status == TunnelProtocol.Open)
        {
            return (TunnelOutcome.Open, null, channel, connection);
        }

        channel.Dispose();
        return (status == TunnelProtocol.Refused ? TunnelOutcome.Refused : TunnelOutcome.Unreachable, why, null, connection);
    }

    private static async Task AnswerAndCloseAsync(MuxChannel channel, byte status, string? reason, CancellationToken ct)
    {
        try
        {
            await TunnelProtocol.WriteAnswerAsync(channel.Output, status, reason, ct);
            // Completing sends the answer and a half close before the channel is released: nothing is lost.
            await channel.Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            // the operator went away meanwhile
        }
        finally
        {
            channel.Dispose();
        }
    }

    [LoggerMessage(LogLevel.Information, "Tunnel stream {StreamId} by {Operator} to {SiteId} {Target}: {Outcome}, {ToSite} bytes to site, {FromSite} from site, {Seconds:0.###} s {Reason}")]
    private static partial void LogEnded(ILogger logger, long streamId, string @operator, string siteId, string target, string outcome, long toSite, long fromSite, double seconds, string? reason);
}
