using System.Globalization;

namespace Outpost.Fleet;

/// <summary>Checks a site's merged variables against the fleet schema; every error names site, field and the file (and line) to fix.</summary>
public static class SchemaValidator
{
    public static IReadOnlyList<FleetError> Validate(FleetSchema schema, Site site)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(site);
        var errors = new List<FleetError>();
        foreach (var field in schema.Fields)
        {
            var segments = field.Path.Replace("[]", ".[]", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
            Walk(field, site, segments, 0, site.Variables.Values, "", present: true, errors);
        }
        return errors;
    }

    private static void Walk(SchemaField field, Site site, string[] segments, int index, object? value, string path, bool present, List<FleetError> errors)
    {
        if (index == segments.Length)
        {
            Check(field, site, value, path, present, errors);
            return;
        }
        var segment = segments[index];
        if (segment == "[]")
        {
            // Items are checked only when the list exists; whether it must exist is the list's own declaration.
            if (value is List<object?> list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(field, site, segments, index + 1, list[i], VariablePath.Index(path, i), present: true, errors);
                }
            }
            return;
        }
        var childPath = VariablePath.Key(path, segment);
        if (value is Dictionary<string, object?> map && map.TryGetValue(segment, out var child))
        {
            Walk(field, site, segments, index + 1, child, childPath, present: true, errors);
        }
        else if (value is null || value is Dictionary<string, object?>)
        {
            Walk(field, site, segments, index + 1, null, childPath, present: false, errors);
        }
    }

    private static void Check(SchemaField field, Site site, object? value, string path, bool present, List<FleetError> errors)
    {
        if (!present || value is null)
        {
            if (field.Required)
            {
                var where = present ? site.Variables.LocationOf(path) : null;
                errors.Add(new FleetError($"required {Describe(field.Type)} is {(present ? "null" : "not set")} (declared at {field.Location}; set it in the site file or a layer it inherits)")
                {
                    SiteId = site.Id,
                    Field = path,
                    Location = where ?? new SourceLocation(site.File),
                });
            }
            return;
        }
        var location = site.Variables.LocationOf(path) ?? new SourceLocation(site.File);
        void Fail(string message) => errors.Add(new FleetError(message) { SiteId = site.Id, Field = path, Location = location });

        if (!HasType(field.Type, value))
        {
            Fail($"expected {Describe(field.Type)} but got {DescribeValue(value)} (declared at {field.Location})");
            return;
        }
        if (field.Allowed is { } allowed && !allowed.Any(a => SameValue(a, value)))
        {
            Fail($"value {Show(value)} is not allowed; expected one of: {string.Join(", ", allowed.Select(Show))} (declared at {field.Location})");
        }
        if (value is long or double)
        {
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (field.Min is { } min && number < min)
            {
                Fail($"value {Show(value)} is below the minimum {min.ToString(CultureInfo.InvariantCulture)} (declared at {field.Location})");
            }
            if (field.Max is { } max && number > max)
            {
                Fail($"value {Show(value)} is above the maximum {max.ToString(CultureInfo.InvariantCulture)} (declared at {field.Location})");
            }
        }
        if (field.Pattern is { } pattern && value is string text && !pattern.IsMatch(text))
        {
            Fail($"value {Show(value)} does not match pattern '{pattern}' (declared at {field.Location})");
        }
    }

    private static bool HasType(SchemaType type, object value) => type switch
    {
        SchemaType.String => value is string,
        SchemaType.Int => value is long,
        SchemaType.Number => value is long or double,
        SchemaType.Bool => value is bool,
        SchemaType.List => value is List<object?>,
        SchemaType.Map => value is Dictionary<string, object?>,
        _ => true,
    };

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        _ => Equals(a, b),
    };

    private static string Describe(SchemaType type) => type switch
    {
        SchemaType.Int => "int",
        SchemaType.Any => "value",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string DescribeValue(object? value) => value switch
    {
        string => $"string {Show(value)}",
        long => $"int {Show(value)}",
        double => $"number {Show(value)}",
        bool => $"bool {Show(value)}",
        List<object?> => "list",
        Dictionary<string, object?> => "map",
        _ => "null",
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
