using Outpost.Hub.Api;
using Outpost.Hub.Events;
using Outpost.Hub.Rollouts;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Bundles;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>Helpers for rollout tests: labelled sites with running agents, revisions uploaded but not published, polling a rollout.</summary>
internal static class RolloutFleet
{
    public static async Task AddAsync(TestHub hub, params (string Id, string Region, string Labels, bool Run)[] sites)
    {
        foreach (var (id, region, labels, run) in sites)
        {
            var pairs = labels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            await hub.JoinAsync(id, region, pairs);
            if (run)
            {
                hub.RunAgent(id);
            }
        }

        foreach (var (id, _, _, run) in sites.Where(s => s.Run))
        {
            await hub.WaitForSiteAsync(id, s => s.Online && s.AgentVersion is not null, "online");
        }
    }

    /// <summary>Uploads a bundle and creates its revision without making it desired anywhere.</summary>
    public static async Task<string> UploadAsync(TestHub hub, string name, string content, string? bundleYaml = null)
    {
        var directory = BundleDirectory.Create(hub.Root, name, new Dictionary<string, string> { ["app.conf"] = content }, bundleYaml);
        var bundle = await BundleBuilder.FromDirectoryAsync(directory, CancellationToken.None);
        var all = bundle.Manifest.BlobDigests();
        var missing = await hub.Client.PostAsync<BlobList>("/v1/blobs/missing", new BlobList(all), CancellationToken.None);
        foreach (var digest in missing.Digests)
        {
            await using var blob = bundle.OpenBlob(digest);
            await hub.Client.PutStreamAsync($"/v1/blobs/{digest}", blob, CancellationToken.None);
        }

        return (await hub.Client.PostBytesAsync<RevisionCreated>("/v1/revisions", bundle.ManifestBytes, CancellationToken.None)).Revision;
    }

    public static Task<PolicySummary> ApplyPolicyAsync(TestHub hub, string file, string yaml) =>
        hub.Client.PostAsync<PolicySummary>("/v1/rollout-policies", new PolicyApplyRequest(file, yaml), CancellationToken.None);

    public static Task<RolloutView> StartAsync(TestHub hub, string revision, string? policy = null, bool now = false) =>
        hub.Client.PostAsync<RolloutView>("/v1/rollouts", new RolloutStartRequest(revision, policy, null, null, now), CancellationToken.None);

    public static Task<RolloutView> GetAsync(TestHub hub, long id) => hub.Client.GetAsync<RolloutView>($"/v1/rollouts/{id}", CancellationToken.None);

    public static Task<RolloutView> ActAsync(TestHub hub, long id, string action) =>
        hub.Client.PostAsync<RolloutView>($"/v1/rollouts/{id}/{action}", new { }, CancellationToken.None);

    public static async Task<RolloutView> WaitAsync(TestHub hub, long id, Func<RolloutView, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        RolloutView view;
        while (!condition(view = await GetAsync(hub, id)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"rollout {id} did not reach '{what}' in {seconds} s; last state: {System.Text.Json.JsonSerializer.Serialize(view)}");
            }

            await Task.Delay(100);
        }

        return view;
    }

    public static Task<List<HubEvent>> EventsAsync(TestHub hub, string? site = null) =>
        hub.Client.GetAsync<List<HubEvent>>("/v1/events?limit=10000" + (site is null ? "" : $"&site={site}"), CancellationToken.None);
}
