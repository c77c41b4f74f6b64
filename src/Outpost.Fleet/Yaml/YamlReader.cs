using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outpost.Fleet.Yaml;

/// <summary>Parses fleet YAML with YAML 1.2 core-schema scalars, keeping the line of every value for error messages.</summary>
internal static partial class YamlReader
{
    private const string StrTag = "tag:yaml.org,2002:str";

    public static YamlTree Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            throw new FleetException(new FleetError($"invalid YAML: {message}")
            {
                Location = new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column),
            }, ex);
        }
        if (stream.Documents.Count == 0)
        {
            return YamlTree.Empty(file);
        }
        if (stream.Documents.Count > 1)
        {
            throw new FleetException(new FleetError("expected one YAML document, found several") { Location = new SourceLocation(file) });
        }
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var value = Convert(stream.Documents[0].RootNode, "", file, locations);
        return new YamlTree(value, locations, file);
    }

    private static object? Convert(YamlNode node, string path, string file, Dictionary<string, SourceLocation> locations)
    {
        locations[path] = new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new FleetException(new FleetError("mapping keys must be plain strings")
                        {
                            Location = new SourceLocation(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column),
                        });
                    }
                    map[key] = Convert(valueNode, VariablePath.Key(path, key), file, locations);
                }
                return map;
            case YamlSequenceNode sequence:
                var list = new List<object?>(sequence.Children.Count);
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    list.Add(Convert(sequence.Children[i], VariablePath.Index(path, i), file, locations));
                }
                return list;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                throw new FleetException(new FleetError($"unsupported YAML node {node.NodeType}")
                {
                    Location = locations[path],
                });
        }
    }

    /// <summary>YAML 1.2 core schema: only true/false are booleans, so country codes like NO stay strings.</summary>
    internal static object? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StrTag))
        {
            return text;
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }
        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return hex;
        }
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text.AsSpan(2).IndexOfAnyExcept("01234567") < 0)
        {
            try
            {
                return System.Convert.ToInt64(text[2..], 8);
            }
            catch (OverflowException)
            {
                return text;
            }
        }
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }
        return text;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
