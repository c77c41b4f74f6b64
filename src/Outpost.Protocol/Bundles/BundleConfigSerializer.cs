using System.Text.Json;

namespace Outpost.Protocol.Bundles;

/// <summary>Canonical JSON for the bundle config blob.</summary>
public static class BundleConfigSerializer
{
    public static byte[] ToBytes(BundleConfig config) => JsonSerializer.SerializeToUtf8Bytes(config, BundleJsonContext.Default.BundleConfig);

    /// <summary>Reads a config blob straight from its stream (hub and agent both hold blobs as files).</summary>
    public static BundleConfig Parse(Stream stream) =>
        JsonSerializer.Deserialize(stream, BundleJsonContext.Default.BundleConfig) ?? new BundleConfig();
}
