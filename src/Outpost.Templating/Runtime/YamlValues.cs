using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outpost.Templating.Runtime;

/// <summary>Resolves YAML nodes to values with PyYAML's YAML 1.1 implicit scalar rules.</summary>
internal static partial class YamlValues
{
    public static object? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var dict = new Dictionary<string, object?>();
                Dictionary<object, object?>? mixed = null;
                foreach (var (k, v) in map.Children)
                {
                    if (k is YamlScalarNode { Value: "<<" } && k.Tag.IsEmpty && ((YamlScalarNode)k).Style == ScalarStyle.Plain)
                    {
                        MergeInto(dict, v);
                        continue;
                    }
                    var key = Convert(k);
                    if (key is string s && mixed is null)
                    {
                        dict[s] = Convert(v);
                        continue;
                    }
                    // PyYAML keeps int, bool and float keys as such ({1: a}, yes: -> True).
                    if (mixed is null)
                    {
                        mixed = new Dictionary<object, object?>(PyKeyComparer.Instance);
                        foreach (var (ek, ev) in dict)
                        {
                            mixed[ek] = ev;
                        }
                    }
                    mixed[key is null or IList or IDictionary<string, object?> ? KeyString(key) : key] = Convert(v);
                }
                return (object?)mixed ?? dict;
            case YamlSequenceNode seq:
                return seq.Children.Select(Convert).ToList();
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static void MergeInto(Dictionary<string, object?> dict, YamlNode source)
    {
        var sources = source is YamlSequenceNode seq ? seq.Children.ToList() : [source];
        foreach (var s in sources)
        {
            if (Convert(s) is Dictionary<string, object?> m)
            {
                foreach (var (k, v) in m)
                {
                    dict.TryAdd(k, v);
                }
            }
        }
    }

    private static string KeyString(object? key) => key switch
    {
        string s => s,
        _ => Py.Str(key),
    };

    private static object? Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (!node.Tag.IsEmpty)
        {
            var tag = node.Tag.Value;
            if (tag.EndsWith(":str", StringComparison.Ordinal))
            {
                return text;
            }
        }
        if (node.Style != ScalarStyle.Plain)
        {
            return text;
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return Boxes.True;
            case "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return Boxes.False;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }
        if (IntRegex().IsMatch(text))
        {
            return ParseInt(text.Replace("_", string.Empty, StringComparison.Ordinal));
        }
        if (SexagesimalRegex().IsMatch(text))
        {
            // YAML 1.1 base 60 (12:30 is 750), as PyYAML resolves it.
            var negative = text.StartsWith('-');
            BigInteger value = 0;
            foreach (var part in text.TrimStart('+', '-').Replace("_", string.Empty, StringComparison.Ordinal).Split(':'))
            {
                value = (value * 60) + BigInteger.Parse(part, CultureInfo.InvariantCulture);
            }
            return Py.Norm(negative ? -value : value);
        }
        if (FloatRegex().IsMatch(text))
        {
            var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
            return double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return text;
    }

    private static object ParseInt(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        BigInteger value;
        if (body.StartsWith("0b", StringComparison.Ordinal))
        {
            value = ParseBase(body[2..], 2);
        }
        else if (body.StartsWith("0x", StringComparison.Ordinal))
        {
            value = ParseBase(body[2..], 16);
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            value = ParseBase(body[1..], 8);
        }
        else
        {
            value = BigInteger.Parse(body, CultureInfo.InvariantCulture);
        }
        if (negative)
        {
            value = -value;
        }
        return value >= long.MinValue && value <= long.MaxValue ? Boxes.Long((long)value) : value;
    }

    private static BigInteger ParseBase(string digits, int radix)
    {
        BigInteger v = BigInteger.Zero;
        foreach (var c in digits)
        {
            v = (v * radix) + System.Convert.ToInt32(c.ToString(), 16);
        }
        return v;
    }

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$")]
    private static partial Regex SexagesimalRegex();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$")]
    private static partial Regex FloatRegex();
}
