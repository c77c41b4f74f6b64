using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Outpost.Hub.Operators;

namespace Outpost.Hub.Tunnels;

/// <summary>Reverse tunnels: operator streams to a site through its agent session: registers its services and endpoints with the hub.</summary>
internal static class TunnelFeature
{
    /// <summary>Tables this feature needs, created with the hub's own schema.</summary>
    public const string Schema = OperatorStore.ScopeSchema + TunnelAudit.Schema;

    public static void AddServices(IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<TunnelAccess>();
        services.AddSingleton<OperatorConnections>();
        services.AddSingleton<TunnelAudit>();
        services.AddSingleton<TunnelServices>();
    }

    /// <summary>Maps endpoints: <paramref name="app"/> for agent/site endpoints, <paramref name="api"/> for operator endpoints (bearer token, under /v1).</summary>
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        TunnelEndpoints.Map(api);
        OperatorEndpoints.Map(api);
    }
}
