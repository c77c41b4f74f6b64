using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Events;

/// <summary>
/// Prunes site telemetry older than <see cref="HubOptions.TelemetryRetention"/> from the event log, hourly and in small
/// transactions. Without it the log grows by every report of every site for ever, and a big log makes each publish and
/// each burst of reports slower (twice as slow at two million rows). Operator and rollout actions stay.
/// </summary>
public sealed partial class TelemetryRetention(HubDatabase database, IOptions<HubOptions> options, TimeProvider time, ILogger<TelemetryRetention> logger) : BackgroundService
{
    /// <summary>Row ids per delete: a short transaction each, over a range of the table's own order (no index needed).</summary>
    private const int Window = 10_000;

    /// <summary>Rows that are telemetry: what agents sent from their outbox, and the hub's connect and disconnect records.</summary>
    private const string IsTelemetry = "(agent_seq IS NOT NULL OR kind IN ('connected', 'disconnected'))";

    /// <summary>Everything up to this id has been pruned already; later runs start after it.</summary>
    private long _prunedUpTo;

    /// <summary>Deletes telemetry recorded before <paramref name="cutoff"/>; returns how many rows went.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        // Agents stamp their events with their own clocks, which may be wrong; the hub stamps the rows it writes itself.
        // Row ids grow with arrival, so everything before the last hub-stamped row older than the cutoff arrived before it.
        using var connection = database.Open();
        var last = connection.ExecuteScalar<long?>("SELECT max(id) FROM events WHERE id > @from AND agent_seq IS NULL AND at < @cutoff",
            new { from = _prunedUpTo, cutoff = cutoff.ToUniversalTime().ToString("O") });
        if (last is not { } upTo)
        {
            return 0;
        }

        var total = 0;
        for (var from = Math.Max(_prunedUpTo, connection.ExecuteScalar<long>("SELECT COALESCE(min(id), 1) - 1 FROM events")); from < upTo; from += Window)
        {
            total += connection.Execute($"DELETE FROM events WHERE id > @from AND id <= @to AND {IsTelemetry}", new { from, to = Math.Min(from + Window, upTo) });
        }

        _prunedUpTo = upTo;
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.TelemetryRetention is not { } keep)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var pruned = Prune(time.GetUtcNow() - keep);
                if (pruned > 0)
                {
                    LogPruned(logger, pruned, keep.TotalDays);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // A busy database now is a prune an hour later; nothing depends on it happening now.
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Pruned {Rows} telemetry events older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int rows, double days);

    [LoggerMessage(LogLevel.Warning, "Pruning telemetry events failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
