using Dapper;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Rollouts;

/// <summary>Named rollout policies, stored as the YAML the operator applied (re-read on use, so errors keep their lines).</summary>
public sealed class PolicyStore(HubDatabase database, TimeProvider time)
{
    public void Save(RolloutPolicy policy, string file, string yaml, string actor)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO rollout_policies (name, file, source, updated_at, updated_by) VALUES (@Name, @file, @yaml, @now, @actor)
            ON CONFLICT(name) DO UPDATE SET file = excluded.file, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { policy.Name, file, yaml, now = time.GetUtcNow().ToString("O"), actor });
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
        return connection.Query<(string Name, string File, string Source, string UpdatedAt, string UpdatedBy)>(
                "SELECT name, file, source, updated_at, updated_by FROM rollout_policies ORDER BY name")
            .Select(r =>
            {
                var policy = PolicyParser.Parse(r.Source, r.File);
                return new PolicySummary(r.Name, r.File, policy.Waves.Select(w => w.Selector is null ? $"{w.Name} (rest)" : $"{w.Name} ({w.Selector})").ToList(),
                    policy.MaintenanceWindows.Count, policy.AutoRollback, DateTimeOffset.Parse(r.UpdatedAt, System.Globalization.CultureInfo.InvariantCulture), r.UpdatedBy, r.Source);
            })
            .ToList();
    }
}
