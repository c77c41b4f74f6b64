using System.Text.Json;
using Dapper;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Sites;

/// <summary>Reads and writes sites in the hub database.</summary>
public sealed class SiteRepository(HubDatabase database, TimeProvider time)
{
    public void Add(string id, string region, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> vars)
    {
        using var connection = database.Open();
        var inserted = connection.Execute(
            "INSERT INTO sites (id, region, labels, vars, created_at) VALUES (@id, @region, @labels, @vars, @now) ON CONFLICT(id) DO NOTHING",
            new { id, region, labels = JsonSerializer.Serialize(labels), vars = JsonSerializer.Serialize(vars), now = Now() });
        if (inserted == 0)
        {
            throw new HubException(409, $"site '{id}' already exists");
        }
    }

    public SiteRecord? Find(string id)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<SiteRow>("SELECT * FROM sites WHERE id = @id", new { id });
        return row?.ToRecord();
    }

    public IReadOnlyList<SiteRecord> List()
    {
        using var connection = database.Open();
        return connection.Query<SiteRow>("SELECT * FROM sites ORDER BY id").Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Of the sites named in <paramref name="idsJson"/> (a JSON array of ids), those that exist, each with whether it is
    /// revoked: one query, for publishing to many sites without reading every row in full.
    /// </summary>
    public IReadOnlyDictionary<string, bool> RevokedByIds(string idsJson)
    {
        using var connection = database.Open();
        return connection.Query<(string Id, string? RevokedAt)>(
                "SELECT id, revoked_at FROM sites WHERE id IN (SELECT value FROM json_each(@ids))",
                new { ids = idsJson })
            .ToDictionary(r => r.Id, r => r.RevokedAt is not null, StringComparer.Ordinal);
    }

    /// <summary>The ids and selectable labels of the sites that are not revoked, in id order: what a selector matches.</summary>
    public IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Labels)> LiveSelectableLabels()
    {
        using var connection = database.Open();
        return connection.Query<(string Id, string Region, string Labels)>("SELECT id, region, labels FROM sites WHERE revoked_at IS NULL ORDER BY id")
            .Select(r => (r.Id, SiteRecord.Selectable(r.Id, r.Region, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Labels) ?? [])))
            .ToList();
    }

    public IReadOnlyList<string> RevokedIds()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT id FROM sites WHERE revoked_at IS NOT NULL").ToList();
    }

    public bool Revoke(string id)
    {
        using var connection = database.Open();
        return connection.Execute("UPDATE sites SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = Now() }) == 1;
    }

    public void MarkEnrolled(string id, string serial, DateTimeOffset notAfter)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("UPDATE sites SET enrolled_at = COALESCE(enrolled_at, @now) WHERE id = @id", new { id, now = Now() }, tx);
        connection.Execute("INSERT INTO certificates (serial, site_id, not_after, issued_at) VALUES (@serial, @id, @notAfter, @now)",
            new { serial, id, notAfter = notAfter.ToString("O"), now = Now() }, tx);
        tx.Commit();
    }

    public void RecordHello(string id, string agentVersion, string? applied)
    {
        using var connection = database.Open();
        connection.Execute(
            "UPDATE sites SET agent_version = @agentVersion, applied_revision = COALESCE(@applied, applied_revision), last_seen = @now WHERE id = @id",
            new { id, agentVersion, applied, now = Now() });
    }

    /// <summary>Writes many last-seen times in one transaction; heartbeats are kept in memory and flushed in batches.</summary>
    public void TouchMany(IEnumerable<KeyValuePair<string, DateTimeOffset>> seen)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        foreach (var (id, at) in seen)
        {
            connection.Execute("UPDATE sites SET last_seen = @at WHERE id = @id", new { id, at = at.ToString("O") }, tx);
        }

        tx.Commit();
    }

    private string Now() => time.GetUtcNow().ToString("O");

    private sealed class SiteRow
    {
        public string Id { get; set; } = "";
        public string Region { get; set; } = "";
        public string Labels { get; set; } = "{}";
        public string Vars { get; set; } = "{}";
        public string Created_At { get; set; } = "";
        public string? Enrolled_At { get; set; }
        public string? Revoked_At { get; set; }
        public string? Desired_Revision { get; set; }
        public string? Applied_Revision { get; set; }
        public string Health { get; set; } = "unknown";
        public string? Last_Seen { get; set; }
        public string? Agent_Version { get; set; }

        public SiteRecord ToRecord() => new()
        {
            Id = Id,
            Region = Region,
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(Labels) ?? [],
            Vars = JsonSerializer.Deserialize<Dictionary<string, string>>(Vars) ?? [],
            CreatedAt = DateTimeOffset.Parse(Created_At, System.Globalization.CultureInfo.InvariantCulture),
            EnrolledAt = Parse(Enrolled_At),
            RevokedAt = Parse(Revoked_At),
            DesiredRevision = Desired_Revision,
            AppliedRevision = Applied_Revision,
            Health = Health,
            LastSeen = Parse(Last_Seen),
            AgentVersion = Agent_Version,
        };

        private static DateTimeOffset? Parse(string? s) => s is null ? null : DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }
}
