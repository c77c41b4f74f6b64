using Outpost.Fleet.Yaml;

namespace Outpost.Fleet;

/// <summary>Deep-merges variable layers (fleet &lt; distribution &lt; region &lt; site): maps merge key by key, anything else (lists included) is replaced.</summary>
internal static class VariableMerger
{
    public static SiteVariables Merge(IEnumerable<YamlTree> layers)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.AsMap is not { } map)
            {
                continue;
            }
            MergeInto(values, map, "", layer, locations);
        }
        return new SiteVariables(values, locations);
    }

    private static void MergeInto(
        Dictionary<string, object?> target,
        Dictionary<string, object?> source,
        string prefix,
        YamlTree layer,
        Dictionary<string, SourceLocation> locations)
    {
        foreach (var (key, value) in source)
        {
            var path = VariablePath.Key(prefix, key);
            if (target.TryGetValue(key, out var existing)
                && existing is Dictionary<string, object?> existingMap
                && value is Dictionary<string, object?> valueMap)
            {
                locations[path] = layer.LocationOf(path);
                MergeInto(existingMap, valueMap, path, layer, locations);
                continue;
            }
            // Replacing a value replaces its provenance too, so errors point at the file that won.
            foreach (var stale in locations.Keys.Where(p => VariablePath.IsUnder(p, path)).ToList())
            {
                locations.Remove(stale);
            }
            target[key] = DeepCopy(value);
            foreach (var (p, location) in layer.Locations)
            {
                if (p == path || VariablePath.IsUnder(p, path))
                {
                    locations[p] = location;
                }
            }
        }
    }

    /// <summary>Copies maps and lists so that no layer's data is shared with (and mutated through) another.</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };
}
