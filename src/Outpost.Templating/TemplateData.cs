using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Outpost.Templating.Runtime;
using YamlDotNet.RepresentationModel;

namespace Outpost.Templating;

/// <summary>Turns JSON and YAML documents into the Python-like value model templates render.</summary>
public static class TemplateData
{
    /// <summary>Parses a JSON object as Python's json.loads would.</summary>
    public static IReadOnlyDictionary<string, object?> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return FromJsonElement(doc.RootElement) as Dictionary<string, object?>
            ?? throw new InvalidDataException("template data must be a JSON object");
    }

    /// <summary>Converts one JSON value: objects to dictionaries, arrays to lists, numbers to long/BigInteger/double.</summary>
    public static object? FromJsonElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new Dictionary<string, object?>(e.GetPropertyCount());
                foreach (var p in e.EnumerateObject())
                {
                    // Python keeps the last duplicate but at the first key's position, as a Dictionary assignment does.
                    dict[StringCache.Share(p.Name)] = FromJsonElement(p.Value);
                }
                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(e.GetArrayLength());
                foreach (var item in e.EnumerateArray())
                {
                    list.Add(FromJsonElement(item));
                }
                return list;
            case JsonValueKind.String:
                return StringCache.Share(e.GetString()!);
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0)
                {
                    return e.TryGetInt64(out var l) ? Boxes.Long(l) : BigInteger.Parse(raw, CultureInfo.InvariantCulture);
                }
                return e.GetDouble();
            case JsonValueKind.True:
                return Boxes.True;
            case JsonValueKind.False:
                return Boxes.False;
            default:
                return null;
        }
    }

    /// <summary>Parses a YAML mapping with YAML 1.1 scalar rules as PyYAML's safe_load does for common cases.</summary>
    public static IReadOnlyDictionary<string, object?> FromYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0)
        {
            return new Dictionary<string, object?>();
        }
        var root = YamlValues.Convert(stream.Documents[0].RootNode);
        return root switch
        {
            Dictionary<string, object?> d => d,
            Dictionary<object, object?> mixed => mixed.ToDictionary(kv => Py.Str(kv.Key), kv => kv.Value),
            null => new Dictionary<string, object?>(),
            _ => throw new InvalidDataException("template data must be a YAML mapping"),
        };
    }
}
