using System.Text;
using System.Text.Json;
using Outpost.Templating;

namespace Outpost.Cli.Templates;

/// <summary>Does the work of `outpost template render`; returns the process exit code.</summary>
public static class TemplateRenderRunner
{
    public static int Run(TemplateRenderRequest request, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            if (request.EachFile is null && (request.OutDir is not null || request.NameTemplate is not null))
            {
                return Usage(stderr, "--out-dir and --name only apply with --each");
            }
            if (request.EachFile is not null && request.OutDir is null)
            {
                return Usage(stderr, "--each needs --out-dir");
            }
            var templatePath = Path.GetFullPath(request.TemplatePath);
            if (!File.Exists(templatePath))
            {
                stderr.WriteLine($"error: template file not found: {request.TemplatePath}");
                return 1;
            }
            var searchPaths = new List<string> { Path.GetDirectoryName(templatePath)! };
            searchPaths.AddRange(request.SearchPaths);
            var environment = new TemplateEnvironment(request.Options, new FileSystemTemplateLoader(searchPaths));
            var template = environment.GetTemplate(Path.GetFileName(templatePath));
            var data = LoadData(request.DataFiles);
            if (request.EachFile is null)
            {
                stdout.Write(template.Render(data));
                stdout.Flush();
                return 0;
            }
            return RenderEach(request, environment, template, data, stderr);
        }
        catch (TemplateException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or YamlDotNet.Core.YamlException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return 2;
    }

    private static Dictionary<string, object?> LoadData(IReadOnlyList<string> files)
    {
        var merged = new Dictionary<string, object?>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var ext = Path.GetExtension(file).ToLowerInvariant();
            IReadOnlyDictionary<string, object?> values;
            try
            {
                values = ext is ".yaml" or ".yml" ? TemplateData.FromYaml(text) : TemplateData.FromJson(text);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or YamlDotNet.Core.YamlException)
            {
                throw new InvalidDataException($"{file}: {e.Message}", e);
            }
            foreach (var (k, v) in values)
            {
                merged[k] = v;
            }
        }
        return merged;
    }

    private static int RenderEach(TemplateRenderRequest request, TemplateEnvironment environment, Template template, Dictionary<string, object?> data, TextWriter stderr)
    {
        var outDir = Path.GetFullPath(request.OutDir!);
        Directory.CreateDirectory(outDir);
        var nameTemplate = request.NameTemplate is null ? null : environment.FromString(request.NameTemplate, "--name");
        var lineNumber = 0;
        foreach (var line in File.ReadLines(request.EachFile!))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            IReadOnlyDictionary<string, object?> lineData;
            try
            {
                lineData = TemplateData.FromJson(line);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                stderr.WriteLine($"error: {request.EachFile}:{lineNumber}: bad JSON line: {e.Message}");
                return 1;
            }
            var merged = new Dictionary<string, object?>(data);
            foreach (var (k, v) in lineData)
            {
                merged[k] = v;
            }
            var fileName = nameTemplate is null
                ? lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : nameTemplate.Render(merged).Trim();
            var target = Path.GetFullPath(Path.Combine(outDir, fileName));
            if (fileName.Length == 0 || Path.IsPathRooted(fileName) || !target.StartsWith(outDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                stderr.WriteLine($"error: {request.EachFile}:{lineNumber}: output name '{fileName}' is not a file inside {request.OutDir}");
                return 1;
            }
            string output;
            try
            {
                output = template.Render(merged);
            }
            catch (TemplateException e)
            {
                stderr.WriteLine($"error: {request.EachFile}:{lineNumber}: {e.Message}");
                return 1;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, output, new UTF8Encoding(false));
        }
        return 0;
    }
}
