using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Outpost.Hub.Rollouts;

/// <summary>Staged rollouts: waves, health gates, maintenance windows, pause and rollback: registers its services and endpoints with the hub.</summary>
internal static class RolloutFeature
{
    /// <summary>Tables this feature needs, created with the hub's own schema.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS rollout_policies (
            name TEXT PRIMARY KEY,
            file TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS rollouts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            revision TEXT NOT NULL REFERENCES revisions(digest),
            policy_name TEXT NOT NULL,
            policy_file TEXT NOT NULL,
            policy_source TEXT NOT NULL,
            now_flag INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            reason TEXT,
            current_wave INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE TABLE IF NOT EXISTS rollout_waves (
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            selector TEXT,
            state TEXT NOT NULL,
            total INTEGER NOT NULL,
            started_at TEXT,
            bake_until TEXT,
            approved_by TEXT,
            failures_ignored INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (rollout_id, idx)
        );
        CREATE TABLE IF NOT EXISTS rollout_sites (
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            site_id TEXT NOT NULL REFERENCES sites(id),
            wave_idx INTEGER NOT NULL,
            state TEXT NOT NULL,
            previous_revision TEXT,
            since_event INTEGER,
            dispatched_at TEXT,
            finished_at TEXT,
            reason TEXT,
            PRIMARY KEY (rollout_id, site_id)
        );
        CREATE TABLE IF NOT EXISTS rollout_targets (
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            site_id TEXT NOT NULL,
            revision TEXT NOT NULL REFERENCES revisions(digest),
            PRIMARY KEY (rollout_id, site_id)
        );
        CREATE TABLE IF NOT EXISTS rollout_policy_origins (
            name TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            commit_id TEXT
        );
        CREATE INDEX IF NOT EXISTS rollout_sites_wave ON rollout_sites(rollout_id, wave_idx, state);
        CREATE INDEX IF NOT EXISTS rollout_sites_site ON rollout_sites(site_id);
        CREATE INDEX IF NOT EXISTS rollouts_state ON rollouts(state);
        """;

    public static void AddServices(IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<RolloutPresence>();
        services.AddSingleton<RolloutController>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutController>());
        services.AddSingleton<RolloutReader>();
    }

    /// <summary>Maps endpoints: <paramref name="app"/> for agent/site endpoints, <paramref name="api"/> for operator endpoints (bearer token, under /v1).</summary>
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api) => RolloutEndpoints.Map(api);
}
