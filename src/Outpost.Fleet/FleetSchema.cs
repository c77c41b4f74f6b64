using System.Globalization;
using System.Text.RegularExpressions;
using Outpost.Fleet.Yaml;

namespace Outpost.Fleet;

/// <summary>The variable schema declared in <c>schema.yaml</c>, checked against every site's merged variables.</summary>
public sealed class FleetSchema
{
    private static readonly string[] KnownProperties = ["type", "required", "allowed", "min", "max", "pattern", "description"];

    internal FleetSchema(IReadOnlyList<SchemaField> fields, string? file)
    {
        Fields = fields;
        File = file;
    }

    public static FleetSchema Empty { get; } = new([], null);

    public IReadOnlyList<SchemaField> Fields { get; }

    /// <summary>Repository-relative path of the schema file, or null when the fleet declares none.</summary>
    public string? File { get; }

    internal static FleetSchema Parse(YamlTree tree, List<FleetError> errors)
    {
        var fields = new List<SchemaField>();
        var root = tree.AsMap;
        if (root is null || !root.TryGetValue("fields", out var fieldsNode) || fieldsNode is not Dictionary<string, object?> declared)
        {
            errors.Add(new FleetError("schema must be a mapping with a 'fields' mapping") { Location = tree.LocationOf("") });
            return new FleetSchema(fields, tree.File);
        }
        foreach (var (path, spec) in declared)
        {
            var at = "fields." + path;
            var location = tree.LocationOf(at);
            if (spec is not Dictionary<string, object?> props)
            {
                errors.Add(new FleetError("field declaration must be a mapping (type, required, allowed, min, max, pattern, description)") { Location = location, Field = path });
                continue;
            }
            foreach (var unknown in props.Keys.Except(KnownProperties))
            {
                errors.Add(new FleetError($"unknown schema property '{unknown}' (known: {string.Join(", ", KnownProperties)})") { Location = tree.LocationOf(at + "." + unknown), Field = path });
            }
            var typeName = props.GetValueOrDefault("type") as string ?? "any";
            if (!Enum.TryParse<SchemaType>(typeName, ignoreCase: true, out var type) || int.TryParse(typeName, out _))
            {
                errors.Add(new FleetError($"unknown type '{typeName}' (use any, string, int, number, bool, list or map)") { Location = tree.LocationOf(at + ".type"), Field = path });
                continue;
            }
            Regex? pattern = null;
            if (props.GetValueOrDefault("pattern") is string patternText)
            {
                try
                {
                    pattern = new Regex(patternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    errors.Add(new FleetError($"invalid pattern: {ex.Message}") { Location = tree.LocationOf(at + ".pattern"), Field = path });
                }
            }
            fields.Add(new SchemaField(path, type, location)
            {
                Required = props.GetValueOrDefault("required") is true,
                Allowed = props.GetValueOrDefault("allowed") as List<object?>,
                Min = ToDouble(props.GetValueOrDefault("min")),
                Max = ToDouble(props.GetValueOrDefault("max")),
                Pattern = pattern,
                Description = props.GetValueOrDefault("description") as string,
            });
        }
        return new FleetSchema(fields, tree.File);
    }

    private static double? ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
