using Outpost.Fleet.Yaml;

namespace Outpost.Fleet;

/// <summary>A named source of variables shared by several sites: a region or a distribution.</summary>
public sealed class VariableLayer
{
    internal VariableLayer(string name, string file, string? description, YamlTree vars)
    {
        Name = name;
        File = file;
        Description = description;
        Vars = vars;
    }

    public string Name { get; }

    public string File { get; }

    public string? Description { get; }

    public IReadOnlyDictionary<string, object?> Variables => Vars.AsMap ?? new Dictionary<string, object?>();

    internal YamlTree Vars { get; }
}
