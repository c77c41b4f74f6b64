using System.Text.Json.Serialization;

namespace Outpost.Protocol.Bundles;

/// <summary>An OCI content descriptor: media type, digest, size and annotations.</summary>
public sealed record OciDescriptor
{
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string>? Annotations { get; init; }
}
