using Microsoft.Extensions.DependencyInjection;
using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.Hub.Bundles;
using Outpost.Hub.Sessions;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.IntegrationTests;

/// <summary>
/// A change's manifest travels as a patch against the one the agent runs; an agent that cannot rebuild it (it does not
/// hold that manifest after all) fetches it whole over its session, and only its own.
/// </summary>
public sealed class ManifestPatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public enum Holds
    {
        TheBase,
        Nothing,
        AnotherManifest,
    }

    [Theory]
    [InlineData(Holds.TheBase, 0)]
    [InlineData(Holds.Nothing, 1)]
    [InlineData(Holds.AnotherManifest, 1)]
    public async Task The_agent_gets_the_signed_manifest_from_the_patch_or_else_by_one_fetch(Holds holds, int fetches)
    {
        await using var hub = await TestHub.StartAsync();
        const string site = "lab-patch-01";
        await hub.JoinAsync(site);
        var files = Enumerable.Range(0, 40).ToDictionary(i => $"conf/f{i:00}.yaml", i => $"value: {i}\n");
        var other = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "p0", new Dictionary<string, string> { ["x"] = "x\n" }), site);
        var first = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "p1", files), site);
        files["conf/f17.yaml"] = "value: changed\n";
        var identity = AgentIdentity.Load(hub.AgentDir(site));
        var revisions = hub.Host.Services.GetRequiredService<RevisionStore>();
        var sessions = hub.Host.Services.GetRequiredService<SessionServices>();

        // An agent that says it runs the first revision.
        using var invoker = new HttpMessageInvoker(HubConnector.ForCa(identity.CaCertificate(), identity.ClientCertificate(), null));
        await using var session = await AgentSession.ConnectAsync(new Uri(hub.Url), invoker, new Hello("test", first.Revision, first.Revision, SessionFeatures.All), TimeProvider.System, CancellationToken.None);
        var received = new TaskCompletionSource<DesiredRevision>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var running = session.RunAsync((message, _) =>
        {
            if (message is DesiredRevision desired)
            {
                received.TrySetResult(desired);
            }

            return Task.CompletedTask;
        }, stop.Token);
        var fetchedBefore = sessions.FetchesServed;

        var second = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "p2", files), site);
        var pushed = await received.Task.WaitAsync(Patience);
        var manifest = revisions.Get(second.Revision)!.Manifest;
        Assert.Equal(first.Revision, pushed.ManifestBase);
        Assert.True(pushed.ManifestPatchBytes!.Length < manifest.Length / 10, $"a {pushed.ManifestPatchBytes.Length}-byte patch for a {manifest.Length}-byte manifest");

        var held = holds switch
        {
            Holds.TheBase => revisions.Get(first.Revision)!.Manifest,
            Holds.AnotherManifest => revisions.Get(other.Revision)!.Manifest,
            _ => null,
        };
        using var key = identity.SigningPublicKey();
        var resolved = await DesiredManifest.ResolveAsync(pushed, r => r == first.Revision ? held : null,
            m => BundleSigner.VerifyRevision(key, m, pushed.Revision, pushed.Signature), session, CancellationToken.None);

        Assert.Equal(manifest, resolved);
        Assert.Equal(fetches, sessions.FetchesServed - fetchedBefore);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_manifest_that_does_not_verify_whole_either_is_refused_not_used()
    {
        await using var hub = await TestHub.StartAsync();
        const string site = "lab-patch-02";
        await hub.JoinAsync(site);
        var first = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "q1", new Dictionary<string, string> { ["a"] = "1\n", ["b"] = "2\n", ["c"] = "3\n" }), site);
        var identity = AgentIdentity.Load(hub.AgentDir(site));
        using var invoker = new HttpMessageInvoker(HubConnector.ForCa(identity.CaCertificate(), identity.ClientCertificate(), null));
        await using var session = await AgentSession.ConnectAsync(new Uri(hub.Url), invoker, new Hello("test", null, null, SessionFeatures.All), TimeProvider.System, CancellationToken.None);
        var forged = new DesiredRevision(first.Revision, [], "c2lnbmF0dXJl", ManifestBase: first.Revision) { ManifestPatchBytes = [1] };

        using var key = identity.SigningPublicKey();
        var resolved = await DesiredManifest.ResolveAsync(forged, _ => null,
            m => BundleSigner.VerifyRevision(key, m, forged.Revision, forged.Signature), session, CancellationToken.None);

        Assert.Null(resolved);
    }
}
