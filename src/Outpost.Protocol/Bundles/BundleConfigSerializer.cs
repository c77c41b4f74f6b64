using System.Text.Json;

namespace Outpost.Protocol.Bundles;

/// <summary>Canonical JSON for the bundle config blob.</summary>
public static class BundleConfigSerializer
{
    public static byte[] ToBytes(BundleConfig config) => JsonSerializer.SerializeToUtf8Bytes(config, BundleJsonContext.Default.BundleConfig);

    public static BundleConfig Parse(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, BundleJsonContext.Default.BundleConfig) ?? new BundleConfig();
}
