using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Outpost.Hub.GitOps;

/// <summary>Follows a fleet Git repository and publishes each site's rendered bundle: registers its services and endpoints with the hub.</summary>
internal static class FleetFollowerFeature
{
    /// <summary>Tables this feature needs, created with the hub's own schema.</summary>
    public const string Schema = FleetStateStore.Schema;

    public static void AddServices(IServiceCollection services, HubOptions options)
    {
        var settings = FleetFollowerSettings.From(options);
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return;
        }

        services.AddSingleton<FleetStateStore>();
        services.AddSingleton<FleetSiteSync>();
        services.AddSingleton<FleetBundleBuilder>();
        services.AddSingleton<FleetPolicySync>();
        // TryAdd: a feature registered earlier (rollouts) may route fleet revisions through waves instead.
        services.TryAddSingleton<IFleetRevisionPublisher, DirectFleetPublisher>();
        services.AddSingleton<FleetSynchronizer>();
        services.AddSingleton<FleetFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetFollower>());
    }

    /// <summary>Maps endpoints: <paramref name="app"/> for agent/site endpoints, <paramref name="api"/> for operator endpoints (bearer token, under /v1).</summary>
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api) => FleetEndpoints.Map(app, api);
}
