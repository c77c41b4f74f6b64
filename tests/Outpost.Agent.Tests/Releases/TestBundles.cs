using Outpost.Agent.Releases;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Tests.Releases;

/// <summary>Builds bundles from files written to a temp directory and loads their blobs into a cache.</summary>
public static class TestBundles
{
    /// <summary>Writes <paramref name="files"/> (path → (content, mode)) to <paramref name="directory"/> and builds the bundle.</summary>
    public static async Task<BuiltBundle> BuildAsync(string directory, IReadOnlyDictionary<string, (string Content, int Mode)> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var (path, (content, mode)) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
            File.SetUnixFileMode(full, (UnixFileMode)mode);
        }

        return await BundleBuilder.FromDirectoryAsync(directory, CancellationToken.None);
    }

    public static async Task PutBlobsAsync(BuiltBundle bundle, BlobCache blobs)
    {
        foreach (var digest in bundle.Manifest.BlobDigests())
        {
            if (!blobs.Has(digest))
            {
                await using var stream = bundle.OpenBlob(digest);
                await blobs.PutAsync(digest, stream, CancellationToken.None);
            }
        }
    }
}
