namespace Outpost.Fleet.Yaml;

/// <summary>A parsed YAML value (plain dictionaries, lists and scalars) plus where each part of it was written.</summary>
internal sealed class YamlTree
{
    public YamlTree(object? value, IReadOnlyDictionary<string, SourceLocation> locations, string file)
    {
        Value = value;
        Locations = locations;
        File = file;
    }

    public object? Value { get; }

    /// <summary>Variable path (<c>a.b[2].c</c>, empty for the root) to where that value starts.</summary>
    public IReadOnlyDictionary<string, SourceLocation> Locations { get; }

    public string File { get; }

    public Dictionary<string, object?>? AsMap => Value as Dictionary<string, object?>;

    /// <summary>Where the value at <paramref name="path"/> (or its nearest written ancestor) is.</summary>
    public SourceLocation LocationOf(string path) => VariablePath.Nearest(Locations, path) ?? new SourceLocation(File);

    /// <summary>The subtree under a top-level key, with paths rebased to that key.</summary>
    public YamlTree? Child(string key)
    {
        if (AsMap is not { } map || !map.TryGetValue(key, out var value))
        {
            return null;
        }
        var rebased = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (path, location) in Locations)
        {
            if (path == key)
            {
                rebased[""] = location;
            }
            else if (VariablePath.IsUnder(path, key))
            {
                rebased[path[key.Length] == '.' ? path[(key.Length + 1)..] : path[key.Length..]] = location;
            }
        }
        return new YamlTree(value, rebased, File);
    }

    public static YamlTree Empty(string file) =>
        new(new Dictionary<string, object?>(StringComparer.Ordinal), new Dictionary<string, SourceLocation>(), file);
}
