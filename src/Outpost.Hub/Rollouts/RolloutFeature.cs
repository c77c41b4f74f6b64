using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Outpost.Hub.Rollouts;

/// <summary>Staged rollouts: waves, health gates, maintenance windows, pause and rollback: registers its services and endpoints with the hub.</summary>
internal static class RolloutFeature
{
    /// <summary>Tables this feature needs, created with the hub's own schema.</summary>
    public const string Schema = "";

    public static void AddServices(IServiceCollection services, HubOptions options)
    {
    }

    /// <summary>Maps endpoints: <paramref name="app"/> for agent/site endpoints, <paramref name="api"/> for operator endpoints (bearer token, under /v1).</summary>
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
    }
}
