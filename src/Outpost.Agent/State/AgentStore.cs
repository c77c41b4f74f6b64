using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Outpost.Agent.State;

/// <summary>
/// The agent's durable state in SQLite (<c>DATA/agent.db</c>, WAL): a key/value table with typed helpers and an outbox
/// of status events whose sequence numbers survive restarts and are never reused. Thread-safe (one connection, one lock).
/// </summary>
public sealed class AgentStore : IDisposable
{
    private const string DesiredRevisionKey = "desired.revision";
    private const string DesiredManifestKey = "desired.manifest";
    private const string DesiredSignatureKey = "desired.signature";
    private const string AppliedRevisionKey = "applied.revision";
    private const string LastAcknowledgedKey = "outbox.acknowledged";

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private bool _disposed;

    public AgentStore(string dataDirectory, TimeProvider timeProvider)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.Combine(Path.GetFullPath(dataDirectory), "agent.db");
        _time = timeProvider;

        // No pooling: Dispose really closes the file, so a reopen (or a test deleting the directory) sees a closed database.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();

        // synchronous=FULL: a commit lost to power failure could hand out an outbox seq the hub has already seen.
        _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        _connection.Execute("""
            CREATE TABLE IF NOT EXISTS state (
                key   TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS outbox (
                seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                kind       TEXT NOT NULL,
                payload    TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            """);
    }

    public string DatabasePath { get; }

    /// <summary>The revision last applied successfully, or null.</summary>
    public string? AppliedRevision
    {
        get => Get(AppliedRevisionKey);
        set => Set(AppliedRevisionKey, value);
    }

    /// <summary>The highest sequence number the hub has acknowledged (0 if none).</summary>
    public long LastAcknowledged => long.Parse(Get(LastAcknowledgedKey) ?? "0", CultureInfo.InvariantCulture);

    public string? Get(string key)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection.QuerySingleOrDefault<string>("SELECT value FROM state WHERE key = @key", new { key });
        }
    }

    /// <summary>Sets a value; null deletes the key.</summary>
    public void Set(string key, string? value)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SetLocked(key, value, transaction: null);
        }
    }

    public DesiredState? GetDesired()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var values = _connection.Query<(string Key, string Value)>(
                "SELECT key, value FROM state WHERE key IN (@DesiredRevisionKey, @DesiredManifestKey, @DesiredSignatureKey)",
                new { DesiredRevisionKey, DesiredManifestKey, DesiredSignatureKey }).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            return values.TryGetValue(DesiredRevisionKey, out var revision) &&
                values.TryGetValue(DesiredManifestKey, out var manifest) &&
                values.TryGetValue(DesiredSignatureKey, out var signature)
                ? new DesiredState(revision, Convert.FromBase64String(manifest), signature)
                : null;
        }
    }

    /// <summary>Stores the desired state; its three parts are written in one transaction.</summary>
    public void SetDesired(DesiredState desired)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            SetLocked(DesiredRevisionKey, desired.Revision, transaction);
            SetLocked(DesiredManifestKey, Convert.ToBase64String(desired.ManifestBytes), transaction);
            SetLocked(DesiredSignatureKey, desired.Signature, transaction);
            transaction.Commit();
        }
    }

    /// <summary>Adds an event to the outbox and returns its sequence number, higher than any handed out before.</summary>
    public long Enqueue(string kind, string payloadJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(payloadJson);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection.ExecuteScalar<long>(
                "INSERT INTO outbox (kind, payload, created_at) VALUES (@kind, @payloadJson, @createdAt) RETURNING seq",
                new { kind, payloadJson, createdAt = _time.GetUtcNow().ToUnixTimeMilliseconds() });
        }
    }

    /// <summary>Up to <paramref name="max"/> events with a sequence number above <paramref name="afterSeq"/>, oldest first.</summary>
    public IReadOnlyList<OutboxEvent> Pending(long afterSeq, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection.Query<(long Seq, string Kind, string Payload, long CreatedAt)>(
                    "SELECT seq, kind, payload, created_at FROM outbox WHERE seq > @afterSeq ORDER BY seq LIMIT @max",
                    new { afterSeq, max })
                .Select(r => new OutboxEvent(r.Seq, r.Kind, r.Payload, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))
                .ToList();
        }
    }

    /// <summary>
    /// Deletes the events up to <paramref name="upToSeq"/> and records it as <see cref="LastAcknowledged"/>. Never moves backwards,
    /// and is capped at the highest seq handed out, so a confused peer cannot make future events look acknowledged.
    /// </summary>
    public void Acknowledge(long upToSeq)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var highest = _connection.ExecuteScalar<long?>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", transaction: transaction) ?? 0;
            var last = long.Parse(_connection.QuerySingleOrDefault<string>(
                "SELECT value FROM state WHERE key = @LastAcknowledgedKey", new { LastAcknowledgedKey }, transaction) ?? "0", CultureInfo.InvariantCulture);
            var upTo = Math.Min(upToSeq, highest);
            if (upTo <= last)
            {
                return;
            }

            _connection.Execute("DELETE FROM outbox WHERE seq <= @upTo", new { upTo }, transaction);
            SetLocked(LastAcknowledgedKey, upTo.ToString(CultureInfo.InvariantCulture), transaction);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Makes every later <see cref="Enqueue"/> return more than <paramref name="seq"/>. For a hub that has seen higher
    /// numbers than this database ever handed out (the database was lost or restored from an old copy): new events must not
    /// reuse numbers the hub already holds.
    /// </summary>
    public void ReserveSeqThrough(long seq)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var highest = _connection.ExecuteScalar<long?>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", transaction: transaction);
            if (highest is null)
            {
                // SQLite documents sqlite_sequence as editable with ordinary statements; the row only exists after a first insert.
                _connection.Execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', @seq)", new { seq }, transaction);
            }
            else if (highest < seq)
            {
                _connection.Execute("UPDATE sqlite_sequence SET seq = @seq WHERE name = 'outbox'", new { seq }, transaction);
            }

            transaction.Commit();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private void SetLocked(string key, string? value, SqliteTransaction? transaction)
    {
        if (value is null)
        {
            _connection.Execute("DELETE FROM state WHERE key = @key", new { key }, transaction);
        }
        else
        {
            _connection.Execute(
                "INSERT INTO state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                new { key, value }, transaction);
        }
    }
}
