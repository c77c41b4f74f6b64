using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outpost.Protocol.Bundles;

/// <summary>
/// A bundle's manifest, shaped as an OCI image manifest (one layer per file, titled like oras does)
/// so that the same bytes can be served to Flux or oras from an OCI registry path.
/// </summary>
public sealed record BundleManifest
{
    public const string OciManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string BundleArtifactType = "application/vnd.outpost.bundle.v1";
    public const string ConfigMediaType = "application/vnd.outpost.bundle.config.v1+json";
    public const string FileMediaType = "application/vnd.outpost.file.v1";
    public const string TitleAnnotation = "org.opencontainers.image.title";
    public const string ModeAnnotation = "io.outpost.file.mode";

    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] public string MediaType { get; init; } = OciManifestMediaType;
    [JsonPropertyName("artifactType")] public string ArtifactType { get; init; } = BundleArtifactType;
    [JsonPropertyName("config")] public required OciDescriptor Config { get; init; }
    [JsonPropertyName("layers")] public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    /// <summary>The files, read back from the layers.</summary>
    public IReadOnlyList<BundleFile> Files() =>
        Layers.Select(l => new BundleFile(
            l.Annotations?.GetValueOrDefault(TitleAnnotation) ?? throw new InvalidDataException($"Layer {l.Digest} has no title."),
            l.Digest,
            l.Size,
            int.Parse(l.Annotations.GetValueOrDefault(ModeAnnotation, "420"), CultureInfo.InvariantCulture))).ToList();

    /// <summary>Every blob the bundle needs, once each: its files' contents and its config.</summary>
    public IReadOnlyList<string> BlobDigests() =>
        Layers.Select(l => l.Digest).Append(Config.Digest).Distinct(StringComparer.Ordinal).ToList();

    public static BundleManifest Create(IEnumerable<BundleFile> files, OciDescriptor config) => new()
    {
        Config = config,
        Layers = files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new OciDescriptor
        {
            MediaType = FileMediaType,
            Digest = f.Digest,
            Size = f.Size,
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [TitleAnnotation] = f.Path,
                [ModeAnnotation] = f.Mode.ToString(CultureInfo.InvariantCulture),
            },
        }).ToList(),
    };

    /// <summary>Canonical bytes: the same files always give the same bytes, so the same digest.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, BundleJsonContext.Default.BundleManifest);

    /// <summary>Parses and checks a manifest; every path must stay inside the bundle root.</summary>
    public static BundleManifest Parse(ReadOnlySpan<byte> bytes)
    {
        var manifest = BundleManifestReader.Read(bytes) ?? throw new InvalidDataException("The manifest is empty.");
        if (manifest.ArtifactType != BundleArtifactType)
        {
            throw new InvalidDataException($"The manifest's artifactType is '{manifest.ArtifactType}', not '{BundleArtifactType}'.");
        }

        foreach (var file in manifest.Files())
        {
            BundlePath.Check(file.Path);
            if (!ContentDigest.IsValid(file.Digest))
            {
                throw new InvalidDataException($"File '{file.Path}' has a malformed digest '{file.Digest}'.");
            }
        }

        return manifest;
    }
}
