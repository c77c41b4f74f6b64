using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Operators;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tunnels;

namespace Outpost.Hub.Tunnels;

/// <summary>
/// One operator's tunnel connection to one site: a websocket multiplexed like an agent session, where the CLI offers
/// a channel per stream (named by its target) and the hub relays each to the site's agent session.
/// </summary>
public sealed partial class OperatorTunnelSession(OperatorRecord op, string siteId, TunnelServices services)
{
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var relays = new List<Task>();
        await using var mux = ChannelMultiplexer.Start(socket, isClient: false, offer =>
        {
            var channel = offer.Accept(TunnelProtocol.ChannelOptions);
            var relay = new TunnelRelay(op, siteId, services);
            lock (relays)
            {
                relays.Add(Task.Run(() => relay.RunAsync(channel, offer.Name, cancellationToken), CancellationToken.None));
            }
        });

        LogOpened(services.Logger, op.Name, siteId);
        try
        {
            await mux.Completion.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // hub shutting down or the operator went away
        }

        Task[] pending;
        lock (relays)
        {
            pending = [.. relays];
        }

        // Relays end on their own once the multiplexer is gone; wait so each writes its audit row.
        await mux.DisposeAsync();
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        LogClosed(services.Logger, op.Name, siteId, pending.Length);
    }

    [LoggerMessage(LogLevel.Information, "Operator {Operator} opened a tunnel session to site {SiteId}")]
    private static partial void LogOpened(ILogger logger, string @operator, string siteId);

    [LoggerMessage(LogLevel.Information, "Operator {Operator}'s tunnel session to site {SiteId} ended after {Streams} streams")]
    private static partial void LogClosed(ILogger logger, string @operator, string siteId, int streams);
}
