using System.Globalization;
using System.Text.Json;

namespace Outpost.Bench.Templating;

/// <summary>
/// Writes a workload for bench_fleet_jinja.py: Jinja2 options, bundles (sources and files) and each site's data and
/// bundles. Python rebuilds the same jobs from it. Doubles always carry a fraction or exponent so that Python reads
/// them back as float, never int (30.0 must render as "30.0" on both sides).
/// </summary>
internal static class FleetWorkloadJson
{
    public static void Write(FleetWorkload workload, string path, int warmupSites)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        var options = workload.Options;
        json.WriteStartObject();
        json.WriteNumber("warmup_sites", warmupSites);
        json.WriteStartObject("options");
        json.WriteBoolean("trim_blocks", options.TrimBlocks);
        json.WriteBoolean("lstrip_blocks", options.LstripBlocks);
        json.WriteBoolean("keep_trailing_newline", options.KeepTrailingNewline);
        json.WriteBoolean("strict_undefined", options.StrictUndefined);
        json.WriteEndObject();
        json.WriteStartArray("bundles");
        foreach (var bundle in workload.Bundles)
        {
            json.WriteStartObject();
            json.WriteString("name", bundle.Name);
            json.WriteString("root", bundle.Root);
            json.WriteStartObject("sources");
            foreach (var (name, text) in bundle.Sources.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, text);
            }
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in bundle.Files)
            {
                json.WriteStartObject();
                json.WriteString("template", file.Template);
                json.WriteString("path", file.PathTemplate);
                json.WriteBoolean("path_is_template", file.PathIsTemplated);
                json.WriteString("foreach", file.Foreach);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("sites");
        for (var s = 0; s < workload.Sites.Count; s++)
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            WriteValue(json, workload.SiteData[s]);
            json.WriteStartArray("bundles");
            foreach (var index in workload.SiteBundles[s])
            {
                json.WriteNumberValue(index);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case double d: json.WriteRawValue(Float(d)); break;
            case IReadOnlyDictionary<string, object?> map:
                json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, item);
                }
                json.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            default: throw new NotSupportedException($"unexpected variable type {value.GetType()}");
        }
    }

    private static string Float(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new NotSupportedException($"non-finite number {d} cannot be sent as JSON");
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
