using System.Globalization;
using System.Text.Json;
using Dapper;
using Outpost.Hub.Events;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Tunnels;

/// <summary>The audit trail of tunnel streams: a row per stream in <c>tunnel_streams</c>, and a "tunnel-stream" event when it ends.</summary>
public sealed class TunnelAudit(HubDatabase database, EventLog events, TimeProvider time)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS tunnel_streams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            site_id TEXT NOT NULL,
            operator TEXT NOT NULL,
            target TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            bytes_to_site INTEGER NOT NULL DEFAULT 0,
            bytes_from_site INTEGER NOT NULL DEFAULT 0,
            outcome TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX IF NOT EXISTS tunnel_streams_site ON tunnel_streams(site_id, id);
        """;

    /// <summary>Records a stream as open before any byte flows, so even a hub crash leaves a trace; returns its id.</summary>
    public long Opened(string siteId, string actor, string target)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>(
            "INSERT INTO tunnel_streams (site_id, operator, target, opened_at, outcome) VALUES (@siteId, @actor, @target, @now, 'open') RETURNING id",
            new { siteId, actor, target, now = time.GetUtcNow().ToString("O") });
    }

    public void Ended(long id, long bytesToSite, long bytesFromSite, string outcome, string? reason)
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(
            "UPDATE tunnel_streams SET closed_at = @now, bytes_to_site = @bytesToSite, bytes_from_site = @bytesFromSite, outcome = @outcome, reason = @reason WHERE id = @id",
            new { id, now = now.ToString("O"), bytesToSite, bytesFromSite, outcome, reason }, tx);
        var row = connection.QuerySingle<Row>("SELECT * FROM tunnel_streams WHERE id = @id", new { id }, tx).ToRecord();
        events.Record("tunnel-stream", row.Operator, row.SiteId, JsonSerializer.Serialize(new
        {
            stream = row.Id,
            target = row.Target,
            openedAt = row.OpenedAt,
            bytesToSite,
            bytesFromSite,
            durationSeconds = row.DurationSeconds,
            outcome,
            reason,
        }), connection, tx);
        tx.Commit();
    }

    public IReadOnlyList<TunnelStreamRecord> List(string? siteId, int limit)
    {
        using var connection = database.Open();
        return connection.Query<Row>(
            "SELECT * FROM tunnel_streams WHERE (@siteId IS NULL OR site_id = @siteId) ORDER BY id DESC LIMIT @limit", new { siteId, limit })
            .Reverse().Select(r => r.ToRecord()).ToList();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Site_Id { get; set; } = "";
        public string Operator { get; set; } = "";
        public string Target { get; set; } = "";
        public string Opened_At { get; set; } = "";
        public string? Closed_At { get; set; }
        public long Bytes_To_Site { get; set; }
        public long Bytes_From_Site { get; set; }
        public string Outcome { get; set; } = "";
        public string? Reason { get; set; }

        public TunnelStreamRecord ToRecord()
        {
            var opened = DateTimeOffset.Parse(Opened_At, CultureInfo.InvariantCulture);
            DateTimeOffset? closed = Closed_At is null ? null : DateTimeOffset.Parse(Closed_At, CultureInfo.InvariantCulture);
            return new TunnelStreamRecord(Id, Site_Id, Operator, Target, opened, closed, Bytes_To_Site, Bytes_From_Site,
                closed is { } c ? (c - opened).TotalSeconds : null, Outcome, Reason);
        }
    }
}
