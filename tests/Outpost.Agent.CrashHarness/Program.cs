using System.Globalization;
using Outpost.Agent.Releases;
using Outpost.Protocol.Bundles;

// Usage: Outpost.Agent.CrashHarness <data-dir> <bundle-dir-a> <bundle-dir-b>
// Recovers the data dir, makes one of the bundles current, prints "ready <ms of that apply>", then applies the two
// alternately for ever, printing "applying <revision>" and "applied <revision>", until it is killed.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Outpost.Agent.CrashHarness <data-dir> <bundle-dir-a> <bundle-dir-b>");
    return 2;
}

var time = TimeProvider.System;
var bundles = new[]
{
    await BundleBuilder.FromDirectoryAsync(args[1], CancellationToken.None),
    await BundleBuilder.FromDirectoryAsync(args[2], CancellationToken.None),
};
var blobs = new BlobCache(args[0]);

// One kept release: every apply materialises afresh and then prunes the other, so a kill can land in any step.
var store = new ReleaseStore(args[0], time, keepReleases: 1);
store.Recover();
foreach (var bundle in bundles)
{
    foreach (var file in bundle.Manifest.Files().Where(f => !blobs.Has(f.Digest)))
    {
        await using var content = bundle.OpenBlob(file.Digest);
        await blobs.PutAsync(file.Digest, content, CancellationToken.None);
    }
}

var next = store.CurrentRevision == bundles[0].ManifestDigest ? 1 : 0;
var started = time.GetTimestamp();
await store.ApplyAsync(bundles[next].ManifestDigest, bundles[next].Manifest, blobs, CancellationToken.None);
Console.WriteLine("ready " + ((long)time.GetElapsedTime(started).TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

while (true)
{
    next ^= 1;
    Console.WriteLine("applying " + bundles[next].ManifestDigest);
    await store.ApplyAsync(bundles[next].ManifestDigest, bundles[next].Manifest, blobs, CancellationToken.None);
    Console.WriteLine("applied " + bundles[next].ManifestDigest);
}
