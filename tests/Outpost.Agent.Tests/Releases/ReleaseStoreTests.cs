using Outpost.Agent.Releases;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Tests.Releases;

/// <summary>Apply, switch, prune, refuse and recover, on real files in a temp data dir.</summary>
public sealed class ReleaseStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _data;
    private readonly BlobCache _blobs;

    public ReleaseStoreTests()
    {
        _data = _temp.Sub("data");
        _blobs = new BlobCache(_data);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<BuiltBundle> BundleAsync(string name, IReadOnlyDictionary<string, (string, int)> files)
    {
        var bundle = await TestBundles.BuildAsync(_temp.Sub("src-" + name), files);
        await TestBundles.PutBlobsAsync(bundle, _blobs);
        return bundle;
    }

    private Task<BuiltBundle> Numbered(int n) => BundleAsync("n" + n, new Dictionary<string, (string, int)> { ["app.txt"] = ($"version {n}", 420) });

    private ReleaseStore Store(int keep = 3) => new(_data, TimeProvider.System, keepReleases: keep);

    [Fact]
    public async Task Apply_then_another_then_switch_back_gives_exact_files_and_modes()
    {
        var a = await BundleAsync("a", new Dictionary<string, (string, int)>
        {
            ["run.sh"] = ("#!/bin/sh\necho a\n", 0b111_101_101),
            ["conf/app.yaml"] = ("name: a\n", 0b110_100_000),
            ["conf/deep/er/x.txt"] = ("x", 0b100_100_100),
        });
        var b = await BundleAsync("b", new Dictionary<string, (string, int)>
        {
            ["run.sh"] = ("#!/bin/sh\necho b\n", 0b111_000_000),
            ["other.txt"] = ("only in b", 420),
        });
        var store = Store();

        var first = await store.ApplyAsync(a.ManifestDigest, a.Manifest, _blobs, CancellationToken.None);
        Assert.True(first.Changed);
        Assert.Null(first.PreviousRevision);
        Assert.Equal(a.ManifestDigest, store.CurrentRevision);
        ReleaseAssert.Equal(a.Manifest, store.CurrentPath!);
        ReleaseAssert.Equal(a.Manifest, Path.Combine(_data, "current"));

        var second = await store.ApplyAsync(b.ManifestDigest, b.Manifest, _blobs, CancellationToken.None);
        Assert.Equal(a.ManifestDigest, second.PreviousRevision);
        Assert.Equal(b.ManifestDigest, store.CurrentRevision);
        ReleaseAssert.Equal(b.Manifest, Path.Combine(_data, "current"));
        Assert.Equal([b.ManifestDigest, a.ManifestDigest], store.Revisions);

        await store.SwitchToAsync(a.ManifestDigest, CancellationToken.None);
        Assert.Equal(a.ManifestDigest, store.CurrentRevision);
        ReleaseAssert.Equal(a.Manifest, Path.Combine(_data, "current"));
        ReleaseAssert.Equal(b.Manifest, store.PathOf(b.ManifestDigest));
        Assert.Equal("releases/" + ContentDigest.Hex(a.ManifestDigest), new FileInfo(Path.Combine(_data, "current")).LinkTarget);

        // A fresh instance reads the same state from disk.
        var reopened = Store();
        Assert.Equal(a.ManifestDigest, reopened.CurrentRevision);
        Assert.Equal(a.Manifest.ToBytes(), reopened.ManifestOf(a.ManifestDigest)!.ToBytes());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data, ".current-*"));
        Assert.Empty(Directory.EnumerateDirectories(store.ReleasesDirectory, ".*"));
    }

    [Fact]
    public async Task Pruning_keeps_the_newest_N_and_the_current_one()
    {
        var store = Store(keep: 2);
        var bundles = new List<BuiltBundle>();
        for (var i = 0; i < 4; i++)
        {
            var bundle = await Numbered(i);
            bundles.Add(bundle);
            await store.ApplyAsync(bundle.ManifestDigest, bundle.Manifest, _blobs, CancellationToken.None);
        }

        Assert.Equal([bundles[3].ManifestDigest, bundles[2].ManifestDigest], store.Revisions);
        Assert.False(Directory.Exists(store.PathOf(bundles[0].ManifestDigest)));
        Assert.False(Directory.Exists(store.PathOf(bundles[1].ManifestDigest)));
        Assert.Null(store.ManifestOf(bundles[0].ManifestDigest));
        Assert.Equal(2, Directory.GetDirectories(store.ReleasesDirectory).Length);
        Assert.Equal(2, Directory.GetFiles(store.ReleasesDirectory).Length);

        // Roll back to the older kept one; the next apply must not prune the release that is then current.
        await store.SwitchToAsync(bundles[2].ManifestDigest, CancellationToken.None);
        var next = await Numbered(9);
        await store.ApplyAsync(next.ManifestDigest, next.Manifest, _blobs, CancellationToken.None);
        Assert.Equal([next.ManifestDigest, bundles[2].ManifestDigest], store.Revisions);

        // Blobs of pruned releases can go; those of kept ones stay.
        var referenced = store.ReferencedDigests();
        _blobs.Prune(referenced);
        Assert.True(_blobs.Has(next.Manifest.Files()[0].Digest));
        Assert.True(_blobs.Has(next.Manifest.Config.Digest));
        Assert.False(_blobs.Has(bundles[0].Manifest.Files()[0].Digest));
    }

    [Fact]
    public async Task Reapplying_the_current_revision_is_a_no_op()
    {
        var a = await Numbered(1);
        var store = Store();
        await store.ApplyAsync(a.ManifestDigest, a.Manifest, _blobs, CancellationToken.None);
        var link = Path.Combine(_data, "current");
        var releaseTime = File.GetLastWriteTimeUtc(store.PathOf(a.ManifestDigest));
        var linkTime = new FileInfo(link).LastWriteTimeUtc;

        var again = await store.ApplyAsync(a.ManifestDigest, a.Manifest, _blobs, CancellationToken.None);

        Assert.False(again.Changed);
        Assert.Equal(a.ManifestDigest, again.PreviousRevision);
        Assert.Equal(releaseTime, File.GetLastWriteTimeUtc(store.PathOf(a.ManifestDigest)));
        Assert.Equal(linkTime, new FileInfo(link).LastWriteTimeUtc);
        Assert.Single(store.Revisions);
    }

    [Fact]
    public async Task A_blob_with_the_wrong_content_is_refused()
    {
        var digest = ContentDigest.Of("expected"u8);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            _blobs.PutAsync(digest, new MemoryStream("something else"u8.ToArray()), CancellationToken.None));

        Assert.Contains("does not match", error.Message);
        Assert.False(_blobs.Has(digest));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_blobs.Directory));

        await _blobs.PutAsync(digest, new MemoryStream("expected"u8.ToArray()), CancellationToken.None);
        Assert.True(_blobs.Has(digest));
        using var reader = new StreamReader(_blobs.OpenRead(digest));
        Assert.Equal("expected", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_blob_damaged_in_the_cache_fails_the_apply_and_leaves_the_current_release()
    {
        var a = await Numbered(1);
        var b = await Numbered(2);
        var store = Store();
        await store.ApplyAsync(a.ManifestDigest, a.Manifest, _blobs, CancellationToken.None);
        await File.WriteAllTextAsync(_blobs.PathOf(b.Manifest.Files()[0].Digest), "bit rot");

        await Assert.ThrowsAsync<InvalidDataException>(() => store.ApplyAsync(b.ManifestDigest, b.Manifest, _blobs, CancellationToken.None));

        Assert.Equal(a.ManifestDigest, store.CurrentRevision);
        Assert.Equal([a.ManifestDigest], store.Revisions);
        Assert.Empty(Directory.EnumerateDirectories(store.ReleasesDirectory, ".*"));
        Assert.False(_blobs.Has(b.Manifest.Files()[0].Digest));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("sub/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("sub//x")]
    public async Task A_manifest_with_a_path_escaping_the_root_is_refused_before_anything_is_written(string path)
    {
        var content = "evil"u8.ToArray();
        var digest = ContentDigest.Of(content);
        await _blobs.PutAsync(digest, new MemoryStream(content), CancellationToken.None);
        var files = new[] { new BundleFile("ok.txt", digest, content.Length, 420), new BundleFile(path, digest, content.Length, 420) };
        var manifest = BundleManifest.Create(files, new OciDescriptor { MediaType = BundleManifest.ConfigMediaType, Digest = digest, Size = content.Length });
        var revision = ContentDigest.Of(manifest.ToBytes());
        var store = Store();

        await Assert.ThrowsAsync<InvalidDataException>(() => store.ApplyAsync(revision, manifest, _blobs, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(store.ReleasesDirectory));
        Assert.False(File.Exists(Path.Combine(_data, "escape.txt")));
        Assert.False(File.Exists(Path.Combine(store.ReleasesDirectory, "escape.txt")));
        Assert.Null(store.CurrentRevision);
    }

    [Fact]
    public async Task Missing_blobs_and_conflicting_paths_are_refused_before_anything_is_written()
    {
        var content = "x"u8.ToArray();
        var digest = ContentDigest.Of(content);
        await _blobs.PutAsync(digest, new MemoryStream(content), CancellationToken.None);
        var config = new OciDescriptor { MediaType = BundleManifest.ConfigMediaType, Digest = digest, Size = 1 };
        var store = Store();

        var missing = BundleManifest.Create([new BundleFile("a", ContentDigest.Of("absent"u8), 6, 420)], config);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ApplyAsync(ContentDigest.Of(missing.ToBytes()), missing, _blobs, CancellationToken.None));
        Assert.Contains("not in the cache", error.Message);

        var conflict = BundleManifest.Create([new BundleFile("a", digest, 1, 420), new BundleFile("a/b", digest, 1, 420)], config);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.ApplyAsync(ContentDigest.Of(conflict.ToBytes()), conflict, _blobs, CancellationToken.None));

        var setuid = BundleManifest.Create([new BundleFile("a", digest, 1, 0b100_111_101_101)], config);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.ApplyAsync(ContentDigest.Of(setuid.ToBytes()), setuid, _blobs, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(store.ReleasesDirectory));
    }

    [Fact]
    public async Task Switching_to_a_release_that_is_not_kept_is_refused()
    {
        var store = Store();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SwitchToAsync(ContentDigest.Of("nope"u8), CancellationToken.None));
    }

    [Fact]
    public async Task Recover_removes_leftovers_and_repoints_a_dangling_current_at_the_newest_release()
    {
        var a = await Numbered(1);
        var b = await Numbered(2);
        var store = Store();
        await store.ApplyAsync(a.ManifestDigest, a.Manifest, _blobs, CancellationToken.None);
        await store.ApplyAsync(b.ManifestDigest, b.Manifest, _blobs, CancellationToken.None);
        await store.SwitchToAsync(a.ManifestDigest, CancellationToken.None);

        // What a crash can leave behind: a half-written staging dir, a half-deleted trash dir, a temp link, an orphan manifest.
        Directory.CreateDirectory(Path.Combine(store.ReleasesDirectory, ".staging-abc", "sub"));
        File.WriteAllText(Path.Combine(store.ReleasesDirectory, ".staging-abc", "sub", "half"), "x");
        Directory.CreateDirectory(Path.Combine(store.ReleasesDirectory, ".trash-abc"));
        File.CreateSymbolicLink(Path.Combine(_data, ".current-123"), "releases/" + ContentDigest.Hex(b.ManifestDigest));
        File.WriteAllText(Path.Combine(store.ReleasesDirectory, new string('e', 64) + ".manifest.json"), "{}");

        // current dangles: its release vanished.
        Directory.Delete(store.PathOf(a.ManifestDigest), recursive: true);
        Assert.Null(store.CurrentRevision);

        store.Recover();

        Assert.Equal(b.ManifestDigest, store.CurrentRevision);
        ReleaseAssert.Equal(b.Manifest, Path.Combine(_data, "current"));
        Assert.Empty(Directory.EnumerateDirectories(store.ReleasesDirectory, ".*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data, ".current-*"));
        Assert.Single(Directory.GetFiles(store.ReleasesDirectory));

        // With no release left at all, the dangling link goes.
        Directory.Delete(store.PathOf(b.ManifestDigest), recursive: true);
        store.Recover();
        Assert.Null(store.CurrentRevision);
        Assert.Null(new FileInfo(Path.Combine(_data, "current")).LinkTarget);
    }
}
