using System.Text;
using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>A bundle with every template and path template compiled once, ready to render for any number of sites concurrently.</summary>
internal sealed class CompiledBundle
{
    private readonly List<Entry> _entries;

    private CompiledBundle(BundleDefinition definition, List<Entry> entries)
    {
        Definition = definition;
        _entries = entries;
    }

    public BundleDefinition Definition { get; }

    public static CompiledBundle Compile(BundleDefinition bundle, FleetRepository fleet, TemplateCompilerFactory compilerFactory)
    {
        var folder = bundle.Folder + "/";
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        // Includes resolve in the bundle's templates/ first, then in the fleet-wide partials/ folder.
        foreach (var file in fleet.Files.Under("partials"))
        {
            sources[file.Path["partials/".Length..]] = file.Text;
        }
        foreach (var file in fleet.Files.Under(folder + "templates"))
        {
            sources[file.Path[(folder.Length + "templates/".Length)..]] = file.Text;
        }
        var compiler = compilerFactory(fleet.Settings.TemplateOptions, sources);
        var errors = new List<FleetError>();
        var entries = new List<Entry>();
        foreach (var template in bundle.Templates)
        {
            var display = fleet.Display(folder + template.Source);
            var file = fleet.Files.Get(folder + template.Source)!;
            try
            {
                var body = template.IsTemplate ? compiler.Compile(file.Text, display) : null;
                var path = IsTemplated(template.PathTemplate) ? compiler.Compile(template.PathTemplate, $"{display} (output path)") : null;
                entries.Add(new Entry(template, display, body, template.IsTemplate ? null : file.Content, path));
            }
            catch (TemplateException ex)
            {
                errors.Add(Describe(ex, bundle, template, display, siteId: null));
            }
        }
        return errors.Count > 0 ? throw new FleetException(errors) : new CompiledBundle(bundle, entries);
    }

    /// <summary>Renders every file of the bundle for one site; <paramref name="data"/> is that site's private copy.</summary>
    public List<RenderedFile> Render(Site site, Dictionary<string, object?> data, List<FleetError> errors)
    {
        var files = new List<RenderedFile>();
        foreach (var entry in _entries)
        {
            var template = entry.Definition;
            try
            {
                if (template.Foreach is null)
                {
                    Emit(site, entry, data, files, errors);
                    continue;
                }
                switch (site.Variables.Get(template.Foreach))
                {
                    case null:
                        // An absent or null list means zero files, e.g. a site without serial instruments.
                        break;
                    case List<object?> items:
                        foreach (var item in items)
                        {
                            Emit(site, entry, new Dictionary<string, object?>(data, StringComparer.Ordinal) { ["item"] = item }, files, errors);
                        }
                        break;
                    default:
                        errors.Add(new FleetError($"'foreach: {template.Foreach}' must name a list, but the site's value is not a list")
                        {
                            SiteId = site.Id,
                            Bundle = Definition.Name,
                            Template = template.Source,
                            Field = template.Foreach,
                            Location = site.Variables.LocationOf(template.Foreach) ?? template.DeclaredAt,
                        });
                        break;
                }
            }
            catch (TemplateException ex)
            {
                errors.Add(Describe(ex, Definition, template, entry.Display, site.Id));
            }
        }
        return files;
    }

    private void Emit(Site site, Entry entry, Dictionary<string, object?> data, List<RenderedFile> files, List<FleetError> errors)
    {
        var relative = entry.Path?.Invoke(data) ?? entry.Definition.PathTemplate;
        if (BundlePathGuard.Check(relative) is { } problem)
        {
            errors.Add(new FleetError($"rendered output path '{relative}' is refused: {problem}")
            {
                SiteId = site.Id,
                Bundle = Definition.Name,
                Template = entry.Definition.Source,
                Location = entry.Definition.DeclaredAt ?? new SourceLocation(entry.Display),
            });
            return;
        }
        var content = entry.Raw ?? Encoding.UTF8.GetBytes(entry.Body!(data));
        files.Add(new RenderedFile(Definition.Root + "/" + relative, content));
    }

    private static bool IsTemplated(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    private static FleetError Describe(TemplateException ex, BundleDefinition bundle, BundleTemplate template, string display, string? siteId)
    {
        // Errors in an output path template point at bundle.yaml, where the path was written.
        var inPath = ex.TemplateName.EndsWith("(output path)", StringComparison.Ordinal);
        var location = inPath
            ? template.DeclaredAt ?? new SourceLocation(display)
            : ex.TemplateName == display || ex.Line <= 0
                ? new SourceLocation(display, ex.Line, ex.Column)
                : new SourceLocation(ex.TemplateName, ex.Line, ex.Column);
        return new FleetError(ex.BareMessage + (inPath ? " (in the output path template)" : ""))
        {
            SiteId = siteId,
            Bundle = bundle.Name,
            Template = template.Source,
            Location = location,
        };
    }

    private sealed record Entry(BundleTemplate Definition, string Display, Func<IReadOnlyDictionary<string, object?>, string>? Body, byte[]? Raw, Func<IReadOnlyDictionary<string, object?>, string>? Path);
}
