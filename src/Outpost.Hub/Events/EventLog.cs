using Dapper;
using Microsoft.Data.Sqlite;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Events;

/// <summary>The hub's append-only event and audit log; agent events are de-duplicated by (site, sequence).</summary>
public sealed class EventLog(HubDatabase database, TimeProvider time)
{
    public void Record(string kind, string actor, string? siteId = null, string data = "{}", SqliteConnection? connection = null, SqliteTransaction? tx = null)
    {
        var owned = connection is null;
        connection ??= database.Open();
        try
        {
            connection.Execute("INSERT INTO events (at, site_id, kind, actor, data) VALUES (@at, @siteId, @kind, @actor, @data)",
                new { at = time.GetUtcNow().ToString("O"), siteId, kind, actor, data }, tx);
        }
        finally
        {
            if (owned)
            {
                connection.Dispose();
            }
        }
    }

    public IReadOnlyList<HubEvent> List(string? siteId, int limit)
    {
        using var connection = database.Open();
        var rows = connection.Query<(long Id, string At, string? SiteId, long? AgentSeq, string Kind, string Actor, string Data)>(
            "SELECT id, at, site_id, agent_seq, kind, actor, data FROM events WHERE (@siteId IS NULL OR site_id = @siteId) ORDER BY id DESC LIMIT @limit",
            new { siteId, limit });
        return rows.Reverse().Select(r => new HubEvent(r.Id, DateTimeOffset.Parse(r.At, System.Globalization.CultureInfo.InvariantCulture), r.SiteId, r.AgentSeq, r.Kind, r.Actor, r.Data)).ToList();
    }
}
