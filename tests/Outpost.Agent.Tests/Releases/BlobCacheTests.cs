using Outpost.Agent.Releases;

namespace Outpost.Agent.Tests.Releases;

/// <summary>The blob cache on real files: what a prune keeps.</summary>
public sealed class BlobCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly BlobCache _blobs;

    public BlobCacheTests() => _blobs = new BlobCache(_temp.Sub("data"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_blob_stored_while_a_prune_reads_its_keep_list_is_kept()
    {
        var kept = await TestBundles.BuildAsync(_temp.Sub("kept"), new Dictionary<string, (string, int)> { ["a.txt"] = ("kept\n", 420) });
        var stale = await TestBundles.BuildAsync(_temp.Sub("stale"), new Dictionary<string, (string, int)> { ["b.txt"] = ("stale\n", 420) });
        var late = await TestBundles.BuildAsync(_temp.Sub("late"), new Dictionary<string, (string, int)> { ["c.txt"] = ("late\n", 420) });
        await TestBundles.PutBlobsAsync(kept, _blobs);
        await TestBundles.PutBlobsAsync(stale, _blobs);

        _blobs.Prune(KeepListDuringWhichALateBlobArrives());

        Assert.All(kept.Manifest.BlobDigests(), d => Assert.True(_blobs.Has(d)));
        Assert.All(late.Manifest.BlobDigests(), d => Assert.True(_blobs.Has(d), $"late blob {d} kept"));
        Assert.False(_blobs.Has(stale.Manifest.Layers[0].Digest), "a blob neither listed nor new is pruned");

        IEnumerable<string> KeepListDuringWhichALateBlobArrives()
        {
            foreach (var digest in kept.Manifest.BlobDigests())
            {
                yield return digest;
            }

            // Off the test's synchronisation context, so that waiting here cannot hold up the put's continuations.
            Task.Run(() => TestBundles.PutBlobsAsync(late, _blobs)).GetAwaiter().GetResult();
        }
    }
}
