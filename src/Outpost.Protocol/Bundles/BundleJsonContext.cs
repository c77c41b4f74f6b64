using System.Text.Json.Serialization;

namespace Outpost.Protocol.Bundles;

/// <summary>Source-generated JSON for bundle types (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BundleManifest))]
[JsonSerializable(typeof(BundleConfig))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
