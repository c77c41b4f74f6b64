using Dapper;
using Microsoft.Data.Sqlite;

namespace Outpost.Hub.Rollouts;

/// <summary>Rollouts that give each site its own revision (a fleet commit renders different bundles for different sites).</summary>
public sealed partial class RolloutController
{
    /// <summary>
    /// Starts a rollout of a stored policy where each site of <see cref="TargetedRolloutRequest.Targets"/> gets its own revision.
    /// Sites in no wave of the policy are left out and returned; throws <see cref="HubException"/> (409 while another rollout is active).
    /// </summary>
    public Task<TargetedRolloutStarted> StartTargetedAsync(TargetedRolloutRequest request, string actor, CancellationToken cancellationToken) =>
        ActAsync(() => StartTargeted(request, actor), cancellationToken);

    /// <summary>The id of the running, waiting or paused rollout, if any.</summary>
    public long? ActiveId()
    {
        using var c = _database.Open();
        return c.ExecuteScalar<long?>("SELECT id FROM rollouts WHERE state IN ('running', 'waiting-approval', 'paused') ORDER BY id LIMIT 1");
    }

    private TargetedRolloutStarted StartTargeted(TargetedRolloutRequest request, string actor)
    {
        if (request.Targets.Count == 0)
        {
            throw new HubException(400, "a rollout needs at least one site");
        }

        var (file, yaml) = _policies.Find(request.Policy) ?? throw new HubException(404, $"rollout policy '{request.Policy}' does not exist (see outpost rollout policy list)");
        var sites = _sites.List().Where(s => s.RevokedAt is null).ToList();
        var candidates = sites.Where(s => request.Targets.ContainsKey(s.Id)).ToList();
        var (policy, members) = Assign(file, yaml, sites, candidates);
        // The rollout's own revision is the one most of its sites get; the others are per-site targets.
        var main = members.GroupBy(m => request.Targets[m.Site], StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var id = Create(main, request.Targets, policy, file, yaml, members, false, actor);
        var inRollout = members.Select(m => m.Site).ToHashSet(StringComparer.Ordinal);
        return new TargetedRolloutStarted(id, inRollout.Order(StringComparer.Ordinal).ToList(),
            request.Targets.Keys.Where(s => !inRollout.Contains(s)).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Each site's revision in this rollout: its per-site target, else the rollout's revision.</summary>
    internal static RolloutTargets Targets(SqliteConnection c, RolloutRow r, SqliteTransaction? tx = null) =>
        new(r.Revision, c.Query<(string Site, string Revision)>("SELECT site_id, revision FROM rollout_targets WHERE rollout_id = @Id", r, tx)
            .ToDictionary(x => x.Site, x => x.Revision, StringComparer.Ordinal));
}
