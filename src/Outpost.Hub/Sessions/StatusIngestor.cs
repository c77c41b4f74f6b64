using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Hosting;
using Outpost.Hub.Storage;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Sessions;

/// <summary>
/// Stores agents' status events in batches (one transaction for many sessions) and de-duplicates them by
/// the agent's sequence number, so an outbox replayed after a reconnect is stored once.
/// </summary>
public sealed class StatusIngestor(HubDatabase database, TimeProvider time) : BackgroundService
{
    private readonly Channel<Batch> _queue = Channel.CreateUnbounded<Batch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, long> _lastSeq = new(StringComparer.Ordinal);

    /// <summary>Raised after a commit with the sites whose new events it stored (the rollout controller wakes on it).</summary>
    public event Action<IReadOnlyCollection<string>>? Stored;

    public long LastSeq(string siteId) => _lastSeq.GetOrAdd(siteId, id =>
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long?>("SELECT last_event_seq FROM sites WHERE id = @id", new { id }) ?? 0;
    });

    /// <summary>Completes when the events are durable; returns the sequence number the agent may drop up to.</summary>
    public Task<long> IngestAsync(string siteId, IReadOnlyList<StatusEvent> events, CancellationToken cancellationToken)
    {
        // Checked here, per session: a malformed event inside the shared transaction would fail every site's batch with it.
        if (events.FirstOrDefault(e => e.Kind is null || e.Data.ValueKind == JsonValueKind.Undefined) is { } bad)
        {
            throw new InvalidDataException($"Status event {bad.Seq} from site {siteId} lacks a kind or data.");
        }

        LastSeq(siteId);
        var batch = new Batch(siteId, events, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(batch);
        return batch.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Most sessions' events stored by one commit.</summary>
    private const int MaxSessionsPerCommit = 1000;

    /// <summary>
    /// In a burst (the previous commit was less than <see cref="BurstGap"/> ago), events are gathered this long before a
    /// commit. After a fan-out thousands of agents report within a second or two, one event each; committed one by one,
    /// every commit rewrites the same shared pages (the log's tail, index interiors) into the WAL.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new List<Batch>();
        long? lastCommit = null;
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            // A lone event in a quiet hour is stored at once; only a burst waits a moment to share its commit.
            if (lastCommit is { } last && time.GetElapsedTime(last) < BurstGap)
            {
                await Task.Delay(GatherWindow, time, stoppingToken);
            }

            while (pending.Count < MaxSessionsPerCommit && _queue.Reader.TryRead(out var batch))
            {
                pending.Add(batch);
            }

            try
            {
                var results = Store(pending);
                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var batch in pending)
                {
                    batch.Done.TrySetException(e);
                }
            }

            pending.Clear();
            lastCommit = time.GetTimestamp();
        }
    }

    private long[] Store(List<Batch> batches)
    {
        var results = new long[batches.Count];
        var now = time.GetUtcNow().ToString("O");
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        using var commands = new StatusBatchCommands(connection, tx);
        var updated = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < batches.Count; i++)
        {
            var (siteId, events, _) = batches[i];
            var last = updated.TryGetValue(siteId, out var u) ? u : _lastSeq[siteId];
            foreach (var e in events.OrderBy(e => e.Seq))
            {
                if (e.Seq <= last)
                {
                    continue; // a replay of something already stored
                }

                commands.InsertEvent(e.At.ToString("O"), siteId, e.Seq, e.Kind, $"site:{siteId}", e.Data.GetRawText());
                ApplyEffect(commands, siteId, e);
                last = e.Seq;
            }

            updated[siteId] = last;
            results[i] = Math.Max(last, events.Count == 0 ? 0 : events.Max(e => e.Seq));
        }

        foreach (var (siteId, seq) in updated)
        {
            commands.Seen(siteId, seq, now);
        }

        tx.Commit();
        foreach (var (siteId, seq) in updated)
        {
            _lastSeq[siteId] = seq;
        }

        if (updated.Count > 0)
        {
            Stored?.Invoke(updated.Keys);
        }

        return results;
    }

    private static void ApplyEffect(StatusBatchCommands commands, string siteId, StatusEvent e)
    {
        // The data comes from the agent: a wrong shape must not throw inside the shared transaction.
        var isObject = e.Data.ValueKind == JsonValueKind.Object;
        var revision = isObject && e.Data.TryGetProperty("revision", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        switch (e.Kind)
        {
            case "applied":
                commands.Applied(siteId, revision, healthy: !isObject || !e.Data.TryGetProperty("healthy", out var h) || h.ValueKind != JsonValueKind.False);
                break;
            case "rolled-back":
                commands.RolledBack(siteId, revision);
                break;
            case "apply-failed":
                commands.Failed(siteId);
                break;
        }
    }

    private sealed record Batch(string SiteId, IReadOnlyList<StatusEvent> Events, TaskCompletionSource<long> Done);
}
