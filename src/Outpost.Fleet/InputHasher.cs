using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>Hashes render inputs canonically (sorted keys, typed scalars) so equal inputs give equal hashes across runs and machines.</summary>
internal static class InputHasher
{
    /// <summary>Changes whenever the engine or this library is rebuilt with different code, so upgrades re-render everything.</summary>
    private static readonly string CodeVersion =
        typeof(Template).Assembly.ManifestModule.ModuleVersionId.ToString("N") + "/" +
        typeof(InputHasher).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Hash of what every bundle of a site sees: identity, labels, merged variables, fleet settings.</summary>
    public static string SiteHash(Site site, FleetSettings settings)
    {
        var builder = new StringBuilder();
        builder.Append("outpost-fleet-inputs/1\n").Append(CodeVersion).Append('\n');
        var options = settings.TemplateOptions;
        builder.Append(CultureInfo.InvariantCulture, $"{settings.Name}|{options.TrimBlocks}|{options.LstripBlocks}|{options.KeepTrailingNewline}|{options.StrictUndefined}\n");
        builder.Append(site.Id).Append('|').Append(site.Region).Append('|').Append(site.Distribution).Append('\n');
        foreach (var (key, value) in site.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            builder.Append("label ").Append(Escape(key)).Append('=').Append(Escape(value)).Append('\n');
        }
        Append(builder, site.Variables.Values);
        return Sha256(builder.ToString());
    }

    /// <summary>Hash of one bundle's inputs for one site.</summary>
    public static string PartHash(string siteHash, BundleDefinition bundle, string partialsHash) =>
        Sha256($"{siteHash}\n{bundle.Name}\n{bundle.ContentHash}\n{partialsHash}\n");

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append('n');
                break;
            case bool b:
                builder.Append(b ? 'T' : 'F');
                break;
            case long l:
                builder.Append('i').Append(l.ToString(CultureInfo.InvariantCulture)).Append(';');
                break;
            case double d:
                builder.Append('d').Append(d.ToString("R", CultureInfo.InvariantCulture)).Append(';');
                break;
            case string s:
                builder.Append('s').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            case List<object?> list:
                builder.Append('[');
                foreach (var item in list)
                {
                    Append(builder, item);
                }
                builder.Append(']');
                break;
            case IReadOnlyDictionary<string, object?> map:
                builder.Append('{');
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Append(builder, key);
                    Append(builder, item);
                }
                builder.Append('}');
                break;
            default:
                builder.Append('?').Append(value.GetType().Name).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
