using System.Globalization;
using System.Text.Json;
using Dapper;
using Outpost.Hub.Events;
using Outpost.Hub.Storage;

namespace Outpost.Hub.GitOps;

/// <summary>The follower's tables: per-site last published content, revision names (commit + bundle hash) and the last status.</summary>
public sealed class FleetStateStore(HubDatabase database, EventLog events, TimeProvider time)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS fleet_sites (
            site_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            revision TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            removed_commit TEXT
        );
        CREATE TABLE IF NOT EXISTS revision_names (
            revision TEXT NOT NULL,
            name TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (revision, commit_id)
        );
        CREATE TABLE IF NOT EXISTS fleet_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyDictionary<string, FleetSiteState> Sites()
    {
        using var connection = database.Open();
        return connection.Query<(string SiteId, string ContentHash, string CommitId, string Revision, string UpdatedAt, string? RemovedCommit)>(
                "SELECT site_id, content_hash, commit_id, revision, updated_at, removed_commit FROM fleet_sites")
            .ToDictionary(
                r => r.SiteId,
                r => new FleetSiteState(r.SiteId, r.ContentHash, r.CommitId, r.Revision, DateTimeOffset.Parse(r.UpdatedAt, CultureInfo.InvariantCulture), r.RemovedCommit),
                StringComparer.Ordinal);
    }

    /// <summary>Names the revision and records, in one transaction, that its sites now have it (and a "fleet-revision" event each).</summary>
    public void RecordPublished(FleetRevisionInfo revision, string actor)
    {
        var now = time.GetUtcNow().ToString("O");
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(
            "INSERT INTO revision_names (revision, name, commit_id, content_hash, created_at) VALUES (@Revision, @Name, @Commit, @ContentHash, @now) ON CONFLICT DO NOTHING",
            new { revision.Revision, revision.Name, revision.Commit, revision.ContentHash, now }, tx);
        var data = JsonSerializer.Serialize(new { commit = revision.Commit, revision = revision.Revision, name = revision.Name, contentHash = revision.ContentHash }, Json);
        foreach (var site in revision.Sites)
        {
            connection.Execute(
                """
                INSERT INTO fleet_sites (site_id, content_hash, commit_id, revision, updated_at, removed_commit) VALUES (@site, @ContentHash, @Commit, @Revision, @now, NULL)
                ON CONFLICT(site_id) DO UPDATE SET content_hash = excluded.content_hash, commit_id = excluded.commit_id, revision = excluded.revision,
                    updated_at = excluded.updated_at, removed_commit = NULL
                """,
                new { site, revision.ContentHash, revision.Commit, revision.Revision, now }, tx);
            events.Record("fleet-revision", actor, site, data, connection, tx);
        }

        tx.Commit();
    }

    /// <summary>Marks sites that left the inventory; the hub keeps them (see docs/gitops.md).</summary>
    public void MarkRemoved(IReadOnlyList<string> siteIds, string commit, string actor)
    {
        if (siteIds.Count == 0)
        {
            return;
        }

        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        var data = JsonSerializer.Serialize(new { commit }, Json);
        foreach (var site in siteIds)
        {
            connection.Execute("UPDATE fleet_sites SET removed_commit = @commit WHERE site_id = @site", new { site, commit }, tx);
            events.Record("fleet-site-removed", actor, site, data, connection, tx);
        }

        tx.Commit();
    }

    public FleetStatus? LoadStatus()
    {
        using var connection = database.Open();
        var json = connection.QuerySingleOrDefault<string>("SELECT value FROM fleet_state WHERE key = 'status'");
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<FleetStatus>(json, Json);
        }
        catch (JsonException)
        {
            // Written by another version: the next sync writes a fresh one.
            return null;
        }
    }

    public void SaveStatus(FleetStatus status)
    {
        using var connection = database.Open();
        connection.Execute(
            "INSERT INTO fleet_state (key, value) VALUES ('status', @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            new { value = JsonSerializer.Serialize(status, Json) });
    }
}
