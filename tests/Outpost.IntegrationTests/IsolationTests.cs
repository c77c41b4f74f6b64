using System.Net;
using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.IntegrationTests;

/// <summary>A site reads only its own content, and a revoked site is refused everywhere.</summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task Site_A_cannot_read_site_B_manifest_or_blobs_over_http_or_the_session()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.JoinAsync("lab-a");
        await hub.JoinAsync("lab-b");
        var bDir = BundleDirectory.Create(hub.Root, "b-only", new Dictionary<string, string> { ["secret.conf"] = "only for b\n" });
        var bRevision = (await hub.PublishAsync(bDir, "lab-b")).Revision;
        var bBlob = (await BundleBuilder.FromDirectoryAsync(bDir, CancellationToken.None)).Manifest.Files()[0].Digest;
        var a = AgentIdentity.Load(hub.AgentDir("lab-a"));
        var b = AgentIdentity.Load(hub.AgentDir("lab-b"));

        using var asA = SiteHttp(a);
        using var asB = SiteHttp(b);
        Assert.Equal(HttpStatusCode.OK, (await asB.GetAsync($"/v2/sites/lab-b/blobs/{bBlob}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asB.GetAsync($"/v2/sites/lab-b/manifests/{bRevision}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.GetAsync($"/v2/sites/lab-b/blobs/{bBlob}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.GetAsync($"/v2/sites/lab-b/manifests/{bRevision}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asA.GetAsync($"/v2/sites/lab-a/blobs/{bBlob}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asA.GetAsync($"/v2/sites/lab-a/manifests/{bRevision}")).StatusCode);

        await using var session = await Connect(hub, a);
        await Assert.ThrowsAsync<BlobRefusedException>(() => session.FetchAsync(bBlob, _ => Task.CompletedTask, CancellationToken.None));
        await Assert.ThrowsAsync<BlobRefusedException>(() => session.FetchAsync(bRevision, _ => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task A_revoked_site_loses_its_session_at_once_and_is_refused_from_then_on()
    {
        await using var hub = await TestHub.StartAsync(heartbeat: TimeSpan.FromMinutes(5), offlineAfter: TimeSpan.FromMinutes(10));
        await hub.JoinAsync("lab-revoked");
        var (_, run) = hub.RunAgent("lab-revoked");
        await hub.WaitForSiteAsync("lab-revoked", s => s.Online, "online");

        await hub.Client.PostAsync<System.Text.Json.JsonElement>("/v1/sites/lab-revoked/revoke", new { }, CancellationToken.None);

        // The agent's session is cut, its reconnect refused, and the runner stops with the reason.
        var error = await Assert.ThrowsAsync<SiteRevokedException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("revoked", error.Message, StringComparison.Ordinal);
        var site = await hub.SiteAsync("lab-revoked");
        Assert.False(site.Online);
        Assert.NotNull(site.RevokedAt);
        using var http = SiteHttp(AgentIdentity.Load(hub.AgentDir("lab-revoked")));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/v2/sites/lab-revoked/manifests/latest")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_outbox_is_stored_once()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.JoinAsync("lab-replay");
        var identity = AgentIdentity.Load(hub.AgentDir("lab-replay"));
        var data = System.Text.Json.JsonDocument.Parse("""{"note":"x"}""").RootElement;
        var batch = new StatusEvents([new StatusEvent(1, "note", DateTimeOffset.UtcNow, data), new StatusEvent(2, "note", DateTimeOffset.UtcNow, data)]);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var session = await Connect(hub, identity);
            var acked = new TaskCompletionSource<long>();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var running = session.RunAsync((m, _) => { if (m is EventsAck ack) { acked.TrySetResult(ack.UpToSeq); } return Task.CompletedTask; }, stop.Token);
            await session.SendAsync(batch, stop.Token);
            Assert.Equal(2, await acked.Task.WaitAsync(stop.Token));
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-replay", CancellationToken.None);
        Assert.Equal([1L, 2L], events.Where(e => e.Kind == "note").Select(e => e.AgentSeq!.Value).ToArray());
    }

    internal static HttpClient SiteHttp(AgentIdentity identity) =>
        new(HubConnector.ForCa(identity.CaCertificate(), identity.ClientCertificate(), null)) { BaseAddress = new Uri(identity.HubUrl) };

    internal static async Task<AgentSession> Connect(TestHub hub, AgentIdentity identity)
    {
        using var invoker = new HttpMessageInvoker(HubConnector.ForCa(identity.CaCertificate(), identity.ClientCertificate(), null));
        return await AgentSession.ConnectAsync(new Uri(hub.Url), invoker, new Hello("test", null, null), TimeProvider.System, CancellationToken.None);
    }
}
