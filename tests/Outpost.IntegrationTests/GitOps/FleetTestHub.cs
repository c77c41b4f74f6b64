using Outpost.Hub.GitOps;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>Fleet helpers over a <see cref="TestHub"/>: settings that follow a repository, status, refresh and waiting.</summary>
internal static class FleetTestHub
{
    /// <summary>Hub settings following <paramref name="repository"/>'s main branch; polls rarely unless told, so tests drive it.</summary>
    public static Dictionary<string, string> Follow(string repository, double pollSeconds = 3600, string? webhookSecret = null)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FleetFollowerSettings.RepositoryKey] = repository,
            [FleetFollowerSettings.BranchKey] = "main",
            [FleetFollowerSettings.PollSecondsKey] = pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (webhookSecret is not null)
        {
            extra[FleetFollowerSettings.WebhookSecretKey] = webhookSecret;
        }

        return extra;
    }

    public static Task<FleetStatus> FleetStatusAsync(this TestHub hub) => hub.Client.GetAsync<FleetStatus>("/v1/fleet/status", CancellationToken.None);

    public static Task<FleetStatus> RefreshFleetAsync(this TestHub hub) => hub.Client.PostAsync<FleetStatus>("/v1/fleet/refresh", new { }, CancellationToken.None);

    public static async Task<FleetStatus> WaitForFleetAsync(this TestHub hub, Func<FleetStatus, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        FleetStatus status;
        while (!condition(status = await hub.FleetStatusAsync()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the fleet follower did not reach '{what}' in {seconds} s; last status: {System.Text.Json.JsonSerializer.Serialize(status)}");
            }

            await Task.Delay(100);
        }

        return status;
    }

    /// <summary>Every site's desired revision, by id.</summary>
    public static async Task<Dictionary<string, string?>> DesiredRevisionsAsync(this TestHub hub) =>
        (await hub.Client.GetAsync<List<Outpost.Hub.Sites.SiteRecord>>("/v1/sites", CancellationToken.None)).ToDictionary(s => s.Id, s => s.DesiredRevision);
}
