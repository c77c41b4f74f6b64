using Dapper;
using Microsoft.Data.Sqlite;

namespace Outpost.Hub.Storage;

/// <summary>The hub's SQLite database: opens connections and creates the schema.</summary>
public sealed class HubDatabase
{
    /// <summary>How long a statement waits for another connection's write lock before it fails.</summary>
    private const int BusyTimeoutSeconds = 30;

    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <param name="dataDirectory">Where hub.db lives.</param>
    /// <param name="featureSchemas">Tables of later features, created with the core schema.</param>
    /// <param name="deferCheckpoints">
    /// Leave WAL checkpoints to <see cref="WalCheckpointer"/> instead of the commit that crosses SQLite's threshold: a burst
    /// of writes (ten thousand agents reporting after a publish) then commits without writing back and syncing the
    /// database file in the middle of it.
    /// </param>
    public HubDatabase(string dataDirectory, IEnumerable<string>? featureSchemas = null, bool deferCheckpoints = false)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, "hub.db");
        // busy_timeout: a writer that finds another's transaction open waits in SQLite's own busy handler, which looks
        // again after 1, 2, 5, 10… ms. Without it Microsoft.Data.Sqlite retries after a fixed 150 ms sleep, and an operator's
        // publish that met the status ingestor's commit waited 150 ms or more for a lock held for a few.
        // journal_size_limit: when the log restarts after a checkpoint, up to 512 MiB of its file is kept for the next writes
        // to overwrite (cheaper than appending); WalCheckpointer cuts it to nothing once the hub has been quiet for a while.
        var always = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutSeconds * 1000};";
        _pragmas = deferCheckpoints
            ? $"{always} PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={2 * WalCheckpointer.BusyLimitBytes};"
            : always;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
            ForeignKeys = true,
        }.ToString();
        using var connection = Open();
        // WAL is a property of the database file: set once, not on every connection.
        connection.Execute("PRAGMA journal_mode=WAL;");
        connection.Execute(Schema);
        foreach (var schema in (featureSchemas ?? []).Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            connection.Execute(schema);
        }
    }

    /// <summary>The database file; its write-ahead log is this path with "-wal" appended.</summary>
    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute(_pragmas);
        return connection;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sites (
            id TEXT PRIMARY KEY,
            region TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL DEFAULT '{}',
            vars TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            enrolled_at TEXT,
            revoked_at TEXT,
            desired_revision TEXT,
            applied_revision TEXT,
            health TEXT NOT NULL DEFAULT 'unknown',
            last_seen TEXT,
            last_event_seq INTEGER NOT NULL DEFAULT 0,
            agent_version TEXT
        );
        CREATE TABLE IF NOT EXISTS join_tokens (
            id TEXT PRIMARY KEY,
            site_id TEXT NOT NULL REFERENCES sites(id),
            secret_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE TABLE IF NOT EXISTS certificates (
            serial TEXT PRIMARY KEY,
            site_id TEXT NOT NULL REFERENCES sites(id),
            not_after TEXT NOT NULL,
            issued_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS revisions (
            digest TEXT PRIMARY KEY,
            manifest BLOB NOT NULL,
            signature TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS revision_blobs (
            revision TEXT NOT NULL REFERENCES revisions(digest),
            blob TEXT NOT NULL,
            PRIMARY KEY (revision, blob)
        );
        CREATE INDEX IF NOT EXISTS revision_blobs_blob ON revision_blobs(blob);
        CREATE TABLE IF NOT EXISTS site_revisions (
            site_id TEXT NOT NULL REFERENCES sites(id),
            revision TEXT NOT NULL REFERENCES revisions(digest),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (site_id, revision)
        );
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            site_id TEXT,
            agent_seq INTEGER,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        );
        CREATE UNIQUE INDEX IF NOT EXISTS events_site_seq ON events(site_id, agent_seq) WHERE agent_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS events_site ON events(site_id, id);
        CREATE TABLE IF NOT EXISTS operators (
            name TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """;
}
