using Microsoft.Extensions.DependencyInjection;
using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Session;

namespace Outpost.IntegrationTests;

/// <summary>A small change travels with its blobs, to agents that say they read them (the applied case is in ConvergenceTests).</summary>
public sealed class AttachedBlobTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Raw_manifests_and_blobs_go_only_to_an_agent_that_says_it_reads_them(bool listsTheFeature)
    {
        await using var hub = await TestHub.StartAsync();
        var site = $"lab-attach-{(listsTheFeature ? "new" : "old")}";
        await hub.JoinAsync(site);
        var files = new Dictionary<string, string> { ["a.txt"] = "a\n", ["b.txt"] = "b\n" };
        var first = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "o1", files), site);
        files["b.txt"] = "b2\n";
        var identity = AgentIdentity.Load(hub.AgentDir(site));

        // An agent that runs the first revision, as an older build (no features) or this one says so in its hello.
        using var invoker = new HttpMessageInvoker(HubConnector.ForCa(identity.CaCertificate(), identity.ClientCertificate(), null));
        var hello = new Hello("test", first.Revision, first.Revision, listsTheFeature ? SessionFeatures.All : null);
        await using var session = await AgentSession.ConnectAsync(new Uri(hub.Url), invoker, hello, TimeProvider.System, CancellationToken.None);
        var received = new TaskCompletionSource<DesiredRevision>(TaskCreationOptions.RunContinuationsAsynchronously);
        var acked = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var running = session.RunAsync((message, _) =>
        {
            if (message is DesiredRevision desired)
            {
                received.TrySetResult(desired);
            }
            else if (message is EventsAck ack)
            {
                acked.TrySetResult(ack.UpToSeq);
            }

            return Task.CompletedTask;
        }, stop.Token);

        var second = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "o2", files), site);
        var pushed = await received.Task.WaitAsync(Patience);

        Assert.Equal(second.Revision, pushed.Revision);
        if (listsTheFeature)
        {
            // The manifest as a patch against the first one, which this agent said it runs.
            Assert.Equal(first.Revision, pushed.ManifestBase);
            var rebuilt = Outpost.Protocol.Bundles.ManifestPatch.Apply(hub.Host.Services.GetRequiredService<Outpost.Hub.Bundles.RevisionStore>().Get(first.Revision)!.Manifest, pushed.ManifestPatchBytes, int.MaxValue);
            Assert.Equal(second.Revision, Outpost.Protocol.Bundles.ContentDigest.Of(rebuilt));
            var digest = Assert.Single(pushed.Attached!);
            Assert.Equal("b2\n"u8.ToArray(), Assert.Single(pushed.AttachedContent));
            Assert.Equal(Outpost.Protocol.Bundles.ContentDigest.Of("b2\n"u8), digest);
        }
        else
        {
            Assert.Null(pushed.ManifestBase);
            Assert.Equal(second.Revision, Outpost.Protocol.Bundles.ContentDigest.Of(pushed.Manifest));
            Assert.Null(pushed.Attached);
            Assert.Empty(pushed.AttachedContent);
        }

        // The session is still in step after the attached frames: a status event is stored and acknowledged.
        var seq = session.Welcome.LastEventSeq + 1;
        using var data = System.Text.Json.JsonDocument.Parse("{}");
        await session.SendAsync(new StatusEvents([new StatusEvent(seq, "note", DateTimeOffset.UtcNow, data.RootElement.Clone())]), CancellationToken.None);
        Assert.Equal(seq, await acked.Task.WaitAsync(Patience));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
