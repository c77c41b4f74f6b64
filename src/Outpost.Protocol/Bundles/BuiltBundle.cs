namespace Outpost.Protocol.Bundles;

/// <summary>A bundle read from a directory: its manifest, config and where each blob's bytes are.</summary>
public sealed record BuiltBundle(BundleManifest Manifest, byte[] ManifestBytes, string ManifestDigest, byte[] ConfigBytes, IReadOnlyDictionary<string, string> BlobFiles)
{
    /// <summary>Opens a blob's content by digest (the config blob or a file).</summary>
    public Stream OpenBlob(string digest) =>
        digest == Manifest.Config.Digest ? new MemoryStream(ConfigBytes, writable: false) : File.OpenRead(BlobFiles[digest]);
}
