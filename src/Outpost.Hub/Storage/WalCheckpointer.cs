using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Outpost.Hub.Storage;

/// <summary>
/// Copies the write-ahead log back into hub.db when writing pauses (or the log has grown large), so that commits in a
/// burst only append to the log; used with <see cref="HubDatabase"/>'s deferred checkpoints.
/// </summary>
public sealed partial class WalCheckpointer(HubDatabase database, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the log is looked at; a log that did not change over one interval is checkpointed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A log this large is checkpointed even while writes go on, so it cannot grow without bound.</summary>
    public const long BusyLimitBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Ticks without a write (ten minutes) after which the log file, all written back, is cut to nothing. Until then its
    /// blocks are kept for the next burst to overwrite (a rollout's next wave, say): appending to a file makes the kernel
    /// allocate and zero fresh pages, which was a twelfth of the hub's CPU while ten thousand agents reported.
    /// </summary>
    public const int TruncateAfterQuietTicks = 600;

    private (long Length, DateTime Written) _seen;
    private (long Length, DateTime Written) _checkpointed;
    private int _quietTicks;

    /// <summary>
    /// Checkpoints the log now if it holds writes not yet checkpointed and is quiet or large, or truncates it after a long
    /// quiet; true if it did either.
    /// </summary>
    public bool Tick()
    {
        var log = new FileInfo(database.Path + "-wal");
        var state = log.Exists ? (log.Length, log.LastWriteTimeUtc) : (0L, DateTime.MinValue);
        var quiet = state == _seen;
        _quietTicks = quiet ? _quietTicks + 1 : 0;
        _seen = state;
        if (state.Item1 > 0 && state == _checkpointed && _quietTicks >= TruncateAfterQuietTicks)
        {
            return Truncate();
        }

        if (state.Item1 == 0 || state == _checkpointed || (!quiet && state.Item1 < BusyLimitBytes))
        {
            return false;
        }

        using var connection = database.Open();
        var (busy, frames, done) = connection.QuerySingle<(long, long, long)>("PRAGMA wal_checkpoint(PASSIVE)");
        LogCheckpointed(logger, done, frames, busy != 0);
        // Only a complete checkpoint counts: frames a reader kept from this one are tried again next time.
        if (busy == 0 && done == frames)
        {
            _checkpointed = state;
        }

        return true;
    }

    private bool Truncate()
    {
        using var connection = database.Open();
        // Everything is written back already: this only waits for readers to leave the log, then cuts it. It holds the write
        // lock while it waits, so not for long (the next Open sets the usual timeout again); a busy log is tried next tick.
        connection.Execute("PRAGMA busy_timeout=1000");
        var (busy, _, _) = connection.QuerySingle<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");
        LogTruncated(logger, busy != 0);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                Tick();
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // A busy or locked database now is a checkpoint next time; commits carry on either way.
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "WAL checkpoint: {Done} of {Frames} frames written back (busy {Busy})")]
    private static partial void LogCheckpointed(ILogger logger, long done, long frames, bool busy);

    [LoggerMessage(LogLevel.Debug, "WAL truncated after a quiet spell (busy {Busy})")]
    private static partial void LogTruncated(ILogger logger, bool busy);

    [LoggerMessage(LogLevel.Warning, "WAL checkpoint failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
