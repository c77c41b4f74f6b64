using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Outpost.Hub.GitOps;

/// <summary>Follows a fleet Git repository and publishes each site's rendered bundle: registers its services and endpoints with the hub.</summary>
internal static class FleetFollowerFeature
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
