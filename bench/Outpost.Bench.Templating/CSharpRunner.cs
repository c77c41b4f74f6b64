using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Outpost.Templating;

namespace Outpost.Bench.Templating;

/// <summary>Renders every template for every site with Outpost.Templating, timing only the render loop.</summary>
internal static class CSharpRunner
{
    public static BenchResult Run(string templatesDir, string sitesJson, int warmup)
    {
        var sites = new List<IReadOnlyDictionary<string, object?>>();
        using (var doc = JsonDocument.Parse(File.ReadAllText(sitesJson)))
        {
            foreach (var site in doc.RootElement.EnumerateArray())
            {
                sites.Add(TemplateData.FromJson(site.GetRawText()));
            }
        }
        var options = new TemplateOptions { TrimBlocks = true, LstripBlocks = true };
        var environment = new TemplateEnvironment(options, new FileSystemTemplateLoader([templatesDir]));
        var templates = TemplateNames(templatesDir).Select(environment.GetTemplate).ToList();

        foreach (var site in sites.Take(warmup))
        {
            foreach (var template in templates)
            {
                TryRender(template, site);
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        foreach (var site in sites)
        {
            foreach (var template in templates)
            {
                var output = TryRender(template, site);
                if (output is null)
                {
                    failures++;
                    continue;
                }
                var encoded = Encoding.UTF8.GetBytes(output);
                bytes += encoded.Length;
                hash.AppendData(encoded);
                hash.AppendData([0]);
            }
        }
        watch.Stop();
        return new BenchResult("Outpost.Templating (C#)", sites.Count * templates.Count, failures, watch.Elapsed.TotalSeconds, bytes,
            Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The templates rendered per site: every file not starting with '_' (those are libraries), in ordinal order.</summary>
    public static IEnumerable<string> TemplateNames(string templatesDir) =>
        Directory.EnumerateFiles(templatesDir).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('_')).Order(StringComparer.Ordinal);

    private static string? TryRender(Template template, IReadOnlyDictionary<string, object?> site)
    {
        try
        {
            return template.Render(site);
        }
        catch (TemplateException)
        {
            return null;
        }
    }
}
