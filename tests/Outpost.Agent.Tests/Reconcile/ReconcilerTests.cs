using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Agent.Health;
using Outpost.Agent.Reconcile;
using Outpost.Agent.Releases;
using Outpost.Agent.State;
using Outpost.Agent.Tests.Releases;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Tests.Reconcile;

/// <summary>The reconciler on real files and a real SQLite store, with no hub: what it keeps while pushes arrive.</summary>
public sealed class ReconcilerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly AgentStore _store;
    private readonly BlobCache _blobs;
    private readonly Reconciler _reconciler;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ReconcilerTests()
    {
        var data = _temp.Sub("data");
        _store = new AgentStore(data, TimeProvider.System);
        _blobs = new BlobCache(data);
        var releases = new ReleaseStore(data, TimeProvider.System);
        _reconciler = new Reconciler(_store, releases, _blobs, new HealthCheckRunner(TimeProvider.System), _key, NullLogger.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _key.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Blobs_sent_with_a_push_that_came_while_another_revision_applied_outlive_that_applys_prune()
    {
        // The first revision's health check holds its apply (after the switch, before the prune) until the test lets it go.
        var started = _temp.Sub("check-started");
        var go = _temp.Sub("go");
        var first = await TestBundles.BuildAsync(_temp.Sub("first"), new Dictionary<string, (string, int)>
        {
            ["app.txt"] = ("version 1\n", 420),
            [BundleDefinitionReader.FileName] = ($"healthChecks:\n  - name: held\n    timeoutSeconds: 60\n    command: touch {started}; while [ ! -e {go} ]; do sleep 0.02; done\n", 420),
        });
        await TestBundles.PutBlobsAsync(first, _blobs);
        _store.SetDesired(Desired(first));
        var applying = _reconciler.ReconcileAsync(null, CancellationToken.None);
        while (!File.Exists(started) && !applying.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.False(applying.IsCompleted, "the first revision's apply is still running its health check");

        // A push arrives meanwhile: the agent stores its desired state, then the blobs attached to it.
        var second = await TestBundles.BuildAsync(_temp.Sub("second"), new Dictionary<string, (string, int)> { ["app.txt"] = ("version 2\n", 420) });
        _store.SetDesired(Desired(second));
        await TestBundles.PutBlobsAsync(second, _blobs);
        await File.WriteAllTextAsync(go, "");
        await applying;

        Assert.All(second.Manifest.BlobDigests(), d => Assert.True(_blobs.Has(d), $"blob {d} of the pushed revision is still there"));
        // Offline, a reconcile applies only what is all in the cache: so nothing of the second revision needs fetching again.
        await _reconciler.ReconcileAsync(null, CancellationToken.None);
        Assert.Equal(second.ManifestDigest, _store.AppliedRevision);
    }

    private DesiredState Desired(BuiltBundle bundle) => new(bundle.ManifestDigest, bundle.ManifestBytes, BundleSigner.Sign(_key, bundle.ManifestBytes));
}
