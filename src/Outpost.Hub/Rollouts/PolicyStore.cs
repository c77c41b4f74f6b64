using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Rollouts;

/// <summary>
/// Named rollout policies, stored as the YAML the operator applied or the fleet repository holds (re-read on use, so errors
/// keep their lines). A name the fleet repository defines belongs to it: the repository's version wins and operators cannot apply it.
/// </summary>
public sealed class PolicyStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Stores an operator's policy; refused (409) when the fleet repository owns the name.</summary>
    public void Save(RolloutPolicy policy, string file, string yaml, string actor)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        var commit = connection.QuerySingleOrDefault<string?>("SELECT commit_id FROM rollout_policy_origins WHERE name = @Name AND origin = 'fleet'", new { policy.Name }, tx);
        if (commit is not null)
        {
            throw new HubException(409, $"rollout policy '{policy.Name}' comes from the fleet repository (commit {commit[..Math.Min(12, commit.Length)]}): change it there");
        }

        Upsert(connection, tx, policy.Name, file, yaml, actor);
        tx.Commit();
    }

    /// <summary>
    /// Makes the fleet's policies those of <paramref name="commit"/> in one transaction: each is stored (replacing an operator's
    /// policy of the same name) and fleet policies no longer in the repository are removed. Returns the names stored or changed.
    /// </summary>
    public IReadOnlyList<string> SaveFromFleet(IReadOnlyList<(string Name, string File, string Yaml)> policies, string commit, string actor)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        var changed = new List<string>();
        foreach (var (name, file, yaml) in policies)
        {
            var stored = connection.QuerySingleOrDefault<(string? File, string? Source)>("SELECT file, source FROM rollout_policies WHERE name = @name", new { name }, tx);
            var origin = connection.QuerySingleOrDefault<string?>("SELECT origin FROM rollout_policy_origins WHERE name = @name", new { name }, tx);
            if (stored.Source != yaml || stored.File != file || origin != PolicyOrigins.Fleet)
            {
                Upsert(connection, tx, name, file, yaml, actor);
                changed.Add(name);
            }

            connection.Execute(
                """
                INSERT INTO rollout_policy_origins (name, origin, commit_id) VALUES (@name, 'fleet', @commit)
                ON CONFLICT(name) DO UPDATE SET origin = 'fleet', commit_id = excluded.commit_id
                """, new { name, commit }, tx);
        }

        var gone = connection.Query<string>("SELECT name FROM rollout_policy_origins WHERE origin = 'fleet' AND name NOT IN (SELECT value FROM json_each(@names))",
            new { names = System.Text.Json.JsonSerializer.Serialize(policies.Select(p => p.Name)) }, tx).ToList();
        foreach (var name in gone)
        {
            connection.Execute("DELETE FROM rollout_policies WHERE name = @name", new { name }, tx);
            connection.Execute("DELETE FROM rollout_policy_origins WHERE name = @name", new { name }, tx);
        }

        tx.Commit();
        return changed;
    }

    /// <summary>Names of the policies stored from the fleet repository.</summary>
    public IReadOnlyList<string> FleetNames()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT name FROM rollout_policy_origins WHERE origin = 'fleet' ORDER BY name").ToList();
    }

    public (string File, string Yaml)? Find(string name)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(string File, string Source)>("SELECT file, source FROM rollout_policies WHERE name = @name", new { name });
        return row.Source is null ? null : (row.File, row.Source);
    }

    public IReadOnlyList<PolicySummary> List()
    {
        using var connection = database.Open();
        return connection.Query<(string Name, string File, string Source, string UpdatedAt, string UpdatedBy, string? Origin, string? Commit)>(
                """
                SELECT p.name, p.file, p.source, p.updated_at, p.updated_by, o.origin, o.commit_id
                FROM rollout_policies p LEFT JOIN rollout_policy_origins o ON o.name = p.name ORDER BY p.name
                """)
            .Select(r =>
            {
                var policy = PolicyParser.Parse(r.Source, r.File);
                return new PolicySummary(r.Name, r.File, policy.Waves.Select(w => w.Selector is null ? $"{w.Name} (rest)" : $"{w.Name} ({w.Selector})").ToList(),
                    policy.MaintenanceWindows.Count, policy.AutoRollback, DateTimeOffset.Parse(r.UpdatedAt, CultureInfo.InvariantCulture), r.UpdatedBy, r.Source)
                {
                    Origin = r.Origin ?? PolicyOrigins.Operator,
                    Commit = r.Commit,
                };
            })
            .ToList();
    }

    private void Upsert(SqliteConnection connection, SqliteTransaction tx, string name, string file, string yaml, string actor) =>
        connection.Execute(
            """
            INSERT INTO rollout_policies (name, file, source, updated_at, updated_by) VALUES (@name, @file, @yaml, @now, @actor)
            ON CONFLICT(name) DO UPDATE SET file = excluded.file, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { name, file, yaml, now = time.GetUtcNow().ToString("O"), actor }, tx);
}
