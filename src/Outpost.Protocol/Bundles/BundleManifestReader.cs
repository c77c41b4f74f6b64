using System.Text.Json;

namespace Outpost.Protocol.Bundles;

/// <summary>
/// Reads a manifest with <see cref="Utf8JsonReader"/> directly. The source-generated serializer takes its slow path for
/// records with required init members, and every site parses every manifest it is sent (ten thousand at once in a
/// fan-out, where that path was a fifth of the simulated agents' CPU). Same results as the serializer: unknown
/// properties skipped, missing optional ones left at their default, a missing required one or a wrong type a
/// <see cref="JsonException"/> naming the path; stricter only in refusing a null config, layer or layer list.
/// </summary>
internal static class BundleManifestReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>The manifest, or null for the JSON literal null.</summary>
    public static BundleManifest? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        Next(ref reader, "$");
        if (reader.TokenType == JsonTokenType.Null)
        {
            End(ref reader);
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "$");
        var (schemaVersion, mediaType, artifactType) = (0, (string?)null, (string?)null);
        var (hasConfig, hasLayers) = (false, false);
        OciDescriptor? config = null;
        List<OciDescriptor>? layers = null;
        while (Next(ref reader, "$") != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("schemaVersion"u8))
            {
                Next(ref reader, "$.schemaVersion");
                schemaVersion = Int(ref reader, "$.schemaVersion");
            }
            else if (reader.ValueTextEquals("mediaType"u8))
            {
                Next(ref reader, "$.mediaType");
                mediaType = Text(ref reader, "$.mediaType");
            }
            else if (reader.ValueTextEquals("artifactType"u8))
            {
                Next(ref reader, "$.artifactType");
                artifactType = Text(ref reader, "$.artifactType");
            }
            else if (reader.ValueTextEquals("config"u8))
            {
                Next(ref reader, "$.config");
                config = Descriptor(ref reader, new JsonPath("$.config"));
                hasConfig = true;
            }
            else if (reader.ValueTextEquals("layers"u8))
            {
                Next(ref reader, "$.layers");
                layers = Layers(ref reader);
                hasLayers = true;
            }
            else
            {
                Next(ref reader, "$");
                reader.Skip();
            }
        }

        End(ref reader);
        if (!hasConfig || !hasLayers)
        {
            throw new JsonException($"The manifest is missing required properties including: '{(hasConfig ? "layers" : "config")}'.");
        }

        return new BundleManifest
        {
            SchemaVersion = schemaVersion,
            MediaType = mediaType!,
            ArtifactType = artifactType!,
            Config = config ?? throw new JsonException("The manifest's config is null. Path: $.config"),
            Layers = layers ?? throw new JsonException("The manifest's layers are null. Path: $.layers"),
        };
    }

    private static List<OciDescriptor>? Layers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "$.layers");
        var layers = new List<OciDescriptor>();
        while (Next(ref reader, "$.layers") != JsonTokenType.EndArray)
        {
            var path = new JsonPath("$.layers", layers.Count);
            layers.Add(Descriptor(ref reader, path) ?? throw new JsonException($"A layer is null. Path: {path}"));
        }

        return layers;
    }

    private static OciDescriptor? Descriptor(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, path);
        string? mediaType = null, digest = null;
        long? size = null;
        var (hasMediaType, hasDigest) = (false, false);
        SortedDictionary<string, string>? annotations = null;
        while (Next(ref reader, path) != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("mediaType"u8))
            {
                Next(ref reader, path.Member("mediaType"));
                mediaType = KnownOrText(ref reader, path.Member("mediaType"));
                hasMediaType = true;
            }
            else if (reader.ValueTextEquals("digest"u8))
            {
                Next(ref reader, path.Member("digest"));
                digest = Text(ref reader, path.Member("digest"));
                hasDigest = true;
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                Next(ref reader, path.Member("size"));
                size = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
                    ? value
                    : throw new JsonException($"The size is not a whole number. Path: {path}.size");
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                Next(ref reader, path.Member("annotations"));
                annotations = Annotations(ref reader, path.Member("annotations"));
            }
            else
            {
                Next(ref reader, path);
                reader.Skip();
            }
        }

        if (!hasMediaType || !hasDigest || size is null)
        {
            var missing = !hasMediaType ? "mediaType" : !hasDigest ? "digest" : "size";
            throw new JsonException($"A descriptor is missing required properties including: '{missing}'. Path: {path}");
        }

        return new OciDescriptor { MediaType = mediaType!, Digest = digest!, Size = size.Value, Annotations = annotations };
    }

    private static SortedDictionary<string, string>? Annotations(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, path);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (Next(ref reader, path) != JsonTokenType.EndObject)
        {
            var key = KnownOrText(ref reader, path)!;
            Next(ref reader, path);
            annotations[key] = Text(ref reader, path.Member(key))!;
        }

        return annotations;
    }

    // Every layer names the same media type and annotation keys: the one string instance serves them all.
    private static string? KnownOrText(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            foreach (var (text, utf8) in KnownStrings)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return text;
                }
            }

            return reader.GetString();
        }

        return Text(ref reader, path);
    }

    private static readonly (string Text, byte[] Utf8)[] KnownStrings =
        [.. new[] { BundleManifest.FileMediaType, BundleManifest.ConfigMediaType, BundleManifest.TitleAnnotation, BundleManifest.ModeAnnotation }
            .Select(k => (k, System.Text.Encoding.UTF8.GetBytes(k)))];

    private static JsonTokenType Next(ref Utf8JsonReader reader, JsonPath path) =>
        reader.Read() ? reader.TokenType : throw new JsonException($"The manifest ends too early. Path: {path}");

    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"The manifest has more after its end, at byte {reader.TokenStartIndex}.");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, JsonPath path)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type}, found {reader.TokenType}. Path: {path}");
        }
    }

    private static string? Text(ref Utf8JsonReader reader, JsonPath path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}. Path: {path}"),
    };

    private static int Int(ref Utf8JsonReader reader, string path) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"Expected a whole number, found {reader.TokenType}. Path: {path}");

    /// <summary>
    /// Where the reader is, for error messages only: the text is made when an error needs it, not for every value read
    /// (a base such as <c>$.layers</c>, an index into it, and up to two member names below).
    /// </summary>
    private readonly struct JsonPath(string parent, int index = -1, string? member = null, string? subMember = null)
    {
        public static implicit operator JsonPath(string path) => new(path);

        public JsonPath Member(string name) => member is null ? new(parent, index, name) : new(parent, index, member, name);

        public override string ToString()
        {
            var text = index >= 0 ? $"{parent}[{index}]" : parent;
            text = member is null ? text : $"{text}.{member}";
            return subMember is null ? text : $"{text}.{subMember}";
        }
    }
}
