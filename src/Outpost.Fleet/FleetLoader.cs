using System.Text.RegularExpressions;
using Outpost.Fleet.Yaml;
using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>Turns a fleet tree's files into settings, schema, inventory and bundles, collecting every structural error before failing.</summary>
internal sealed partial class FleetLoader
{
    private static readonly string[] SiteKeys = ["region", "distribution", "labels", "vars", "description"];
    private static readonly string[] LayerKeys = ["vars", "description"];
    private static readonly string[] BundleKeys = ["description", "selector", "root", "files"];
    private static readonly string[] BundleFileKeys = ["path", "foreach"];
    private static readonly string[] FleetKeys = ["name", "vars", "render", "rollout"];
    private static readonly string[] RolloutKeys = ["policy"];
    private static readonly string[] RenderKeys = ["trim_blocks", "lstrip_blocks", "keep_trailing_newline", "strict_undefined"];

    /// <summary>Names that templates see beside the variables, so variables may not use them.</summary>
    internal static readonly string[] ReservedVariables = ["site", "fleet", "item"];

    private readonly FleetFiles _files;
    private readonly string _displayPrefix;
    private readonly List<FleetError> _errors = [];

    private FleetLoader(FleetFiles files, string displayPrefix)
    {
        _files = files;
        _displayPrefix = displayPrefix;
    }

    public FleetSettings Settings { get; private set; } = null!;

    public FleetSchema Schema { get; private set; } = FleetSchema.Empty;

    public Inventory Inventory { get; private set; } = null!;

    public IReadOnlyList<BundleDefinition> Bundles { get; private set; } = [];

    public IReadOnlyList<FleetPolicyFile> RolloutPolicyFiles { get; private set; } = [];

    public static FleetLoader Load(FleetFiles files, string displayPrefix)
    {
        var loader = new FleetLoader(files, displayPrefix);
        loader.LoadAll();
        if (loader._errors.Count > 0)
        {
            throw new FleetException(loader._errors);
        }
        return loader;
    }

    /// <summary>The path users see in errors: relative to the repository root, not the fleet folder.</summary>
    internal string Display(string path) => _displayPrefix + path;

    private void LoadAll()
    {
        var fleetTree = ParseFile(FindYaml("fleet") ?? "fleet.yaml");
        if (fleetTree is null)
        {
            Settings = new FleetSettings("fleet", TemplateOptionsFrom(null));
            Inventory = new Inventory([], new Dictionary<string, VariableLayer>(), new Dictionary<string, VariableLayer>());
            return;
        }
        CheckKeys(fleetTree, "", FleetKeys);
        var fleetVars = VarsOf(fleetTree);
        Settings = new FleetSettings(
            fleetTree.AsMap?.GetValueOrDefault("name") as string ?? "fleet",
            TemplateOptionsFrom(fleetTree.Child("render")))
        {
            Rollout = RolloutFrom(fleetTree),
        };
        RolloutPolicyFiles = YamlFilesUnder("rollouts").Select(f => new FleetPolicyFile(Display(f.Path), f.Text)).ToList();

        if (FindYaml("schema") is { } schemaPath && ParseFile(schemaPath) is { } schemaTree)
        {
            Schema = FleetSchema.Parse(schemaTree, _errors);
        }

        var regions = LoadLayers("regions");
        var distributions = LoadLayers("distributions");
        var sites = new List<Site>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in YamlFilesUnder("sites"))
        {
            if (LoadSite(file, fleetVars, regions, distributions) is { } site)
            {
                if (seen.TryGetValue(site.Id, out var other))
                {
                    _errors.Add(new FleetError($"duplicate site id (also defined in {other})") { SiteId = site.Id, Location = new SourceLocation(site.File) });
                    continue;
                }
                seen[site.Id] = site.File;
                sites.Add(site);
            }
        }
        Inventory = new Inventory(sites, regions, distributions);
        Bundles = LoadBundles();
    }

    private static TemplateOptions TemplateOptionsFrom(YamlTree? render)
    {
        // Config files are whitespace-sensitive and a silently empty value is a misconfigured analyser,
        // so the defaults differ from jinja2's: trim/lstrip blocks, keep the final newline, fail on undefined.
        var map = render?.AsMap;
        bool Flag(string key, bool fallback) => map?.GetValueOrDefault(key) is bool b ? b : fallback;
        return new TemplateOptions
        {
            TrimBlocks = Flag("trim_blocks", true),
            LstripBlocks = Flag("lstrip_blocks", true),
            KeepTrailingNewline = Flag("keep_trailing_newline", true),
            StrictUndefined = Flag("strict_undefined", true),
        };
    }

    /// <summary>fleet.yaml's <c>rollout: { policy: NAME }</c>: which stored rollout policy fleet commits go through (null: publish at once).</summary>
    private FleetRolloutSettings? RolloutFrom(YamlTree fleetTree)
    {
        if (fleetTree.AsMap?.GetValueOrDefault("rollout") is not { } value)
        {
            return null;
        }
        if (value is not Dictionary<string, object?> map)
        {
            _errors.Add(new FleetError("'rollout' must be a mapping like { policy: standard }") { Location = fleetTree.LocationOf("rollout"), Field = "rollout" });
            return null;
        }
        foreach (var key in map.Keys.Except(RolloutKeys))
        {
            _errors.Add(new FleetError($"unknown rollout option '{key}' (expected: {string.Join(", ", RolloutKeys)})") { Location = fleetTree.LocationOf("rollout." + key), Field = "rollout." + key });
        }
        var location = fleetTree.LocationOf("rollout.policy");
        if (map.GetValueOrDefault("policy") is not string policy || !SiteIdPattern().IsMatch(policy))
        {
            _errors.Add(new FleetError("must name a rollout policy: lower-case letters, digits and '-'") { Location = location, Field = "rollout.policy" });
            return null;
        }
        return new FleetRolloutSettings(policy, location);
    }

    private Dictionary<string, VariableLayer> LoadLayers(string folder)
    {
        var layers = new Dictionary<string, VariableLayer>(StringComparer.Ordinal);
        foreach (var file in YamlFilesUnder(folder))
        {
            var name = NameOf(file.Path);
            if (ParseFile(file.Path) is not { } tree)
            {
                continue;
            }
            CheckKeys(tree, "", LayerKeys);
            layers[name] = new VariableLayer(name, Display(file.Path), tree.AsMap?.GetValueOrDefault("description") as string, VarsOf(tree));
        }
        return layers;
    }

    private Site? LoadSite(FleetFile file, YamlTree fleetVars, Dictionary<string, VariableLayer> regions, Dictionary<string, VariableLayer> distributions)
    {
        var id = NameOf(file.Path);
        var display = Display(file.Path);
        if (!SiteIdPattern().IsMatch(id))
        {
            _errors.Add(new FleetError("site ids (file names) must be lowercase letters, digits and '-', starting with a letter or digit, because they name folders on disk") { SiteId = id, Location = new SourceLocation(display) });
            return null;
        }
        if (ParseFile(file.Path) is not { } tree)
        {
            return null;
        }
        CheckKeys(tree, "", SiteKeys);
        var map = tree.AsMap ?? [];
        var region = RequireReference(tree, map, "region", regions, id);
        var distribution = RequireReference(tree, map, "distribution", distributions, id);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.GetValueOrDefault("labels") is Dictionary<string, object?> labelMap)
        {
            foreach (var (key, value) in labelMap)
            {
                if (LabelSelector.BuiltInKeys.Contains(key))
                {
                    _errors.Add(new FleetError($"label '{key}' is built in (set from the site's id, region and distribution) and cannot be set") { SiteId = id, Location = tree.LocationOf("labels." + key) });
                }
                else if (value is Dictionary<string, object?> or List<object?> or null)
                {
                    _errors.Add(new FleetError("label values must be scalars") { SiteId = id, Field = "labels." + key, Location = tree.LocationOf("labels." + key) });
                }
                else
                {
                    labels[key] = value switch
                    {
                        bool b => b ? "true" : "false",
                        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        _ => value.ToString() ?? "",
                    };
                }
            }
        }
        else if (map.ContainsKey("labels") && map["labels"] is not null)
        {
            _errors.Add(new FleetError("'labels' must be a mapping of key: value") { SiteId = id, Location = tree.LocationOf("labels") });
        }
        if (region is null || distribution is null)
        {
            return null;
        }
        var variables = VariableMerger.Merge([fleetVars, distributions[distribution].Vars, regions[region].Vars, VarsOf(tree)]);
        foreach (var reserved in ReservedVariables.Where(variables.Values.ContainsKey))
        {
            _errors.Add(new FleetError($"variable name '{reserved}' is reserved (templates see the site's identity there)") { SiteId = id, Field = reserved, Location = variables.LocationOf(reserved) });
        }
        return new Site(id, region, distribution, labels, variables, display);
    }

    private string? RequireReference(YamlTree tree, Dictionary<string, object?> map, string key, Dictionary<string, VariableLayer> known, string siteId)
    {
        if (map.GetValueOrDefault(key) is not string name || name.Length == 0)
        {
            _errors.Add(new FleetError($"'{key}' is required and must be a string") { SiteId = siteId, Field = key, Location = tree.LocationOf(key) });
            return null;
        }
        if (!known.ContainsKey(name))
        {
            var folder = key == "region" ? "regions" : "distributions";
            _errors.Add(new FleetError($"unknown {key} '{name}' (no {Display(folder)}/{name}.yaml; known: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))})") { SiteId = siteId, Field = key, Location = tree.LocationOf(key) });
            return null;
        }
        return name;
    }

    private List<BundleDefinition> LoadBundles()
    {
        var bundles = new List<BundleDefinition>();
        var names = _files.Under("bundles")
            .Select(f => f.Path.Split('/'))
            .Where(parts => parts.Length >= 3)
            .Select(parts => parts[1])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (LoadBundle(name) is { } bundle)
            {
                bundles.Add(bundle);
            }
        }
        return bundles;
    }

    private BundleDefinition? LoadBundle(string name)
    {
        var folder = "bundles/" + name;
        var definitionPath = FindYaml(folder + "/bundle");
        if (definitionPath is null)
        {
            _errors.Add(new FleetError($"bundle '{name}' has no bundle.yaml") { Bundle = name, Location = new SourceLocation(Display(folder)) });
            return null;
        }
        if (ParseFile(definitionPath) is not { } tree)
        {
            return null;
        }
        CheckKeys(tree, "", BundleKeys);
        var map = tree.AsMap ?? [];
        var selectors = new List<LabelSelector>();
        var selectorTexts = map.GetValueOrDefault("selector") switch
        {
            string s => [("selector", s)],
            List<object?> list => list.Select((s, i) => ($"selector[{i}]", s as string ?? "")).ToList(),
            null => [],
            _ => [("selector", "")],
        };
        foreach (var (path, text) in selectorTexts)
        {
            try
            {
                selectors.Add(LabelSelector.Parse(text));
            }
            catch (FormatException ex)
            {
                _errors.Add(new FleetError(ex.Message) { Bundle = name, Location = tree.LocationOf(path) });
            }
        }

        var root = map.GetValueOrDefault("root") as string ?? name;
        if (BundlePathGuard.Check(root) is { } rootProblem)
        {
            _errors.Add(new FleetError($"root '{root}' is not allowed: {rootProblem}") { Bundle = name, Location = tree.LocationOf("root") });
        }

        var overrides = map.GetValueOrDefault("files") as Dictionary<string, object?> ?? [];
        var templates = new List<BundleTemplate>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sub, isTemplate) in new[] { ("templates", true), ("files", false) })
        {
            var prefix = folder + "/" + sub + "/";
            foreach (var file in _files.Under(folder + "/" + sub))
            {
                var relative = file.Path[prefix.Length..];
                // Segments starting with '_' are partials: included by other templates, never rendered alone.
                if (isTemplate && relative.Split('/').Any(s => s.StartsWith('_')))
                {
                    continue;
                }
                var key = sub + "/" + relative;
                var output = isTemplate && relative.EndsWith(".j2", StringComparison.Ordinal) ? relative[..^3] : relative;
                var template = new BundleTemplate(key, output) { IsTemplate = isTemplate };
                var overrideKey = overrides.ContainsKey(relative) ? relative : overrides.ContainsKey(key) ? key : null;
                if (overrideKey is not null)
                {
                    used.Add(overrideKey);
                    var at = "files." + overrideKey;
                    if (overrides[overrideKey] is not Dictionary<string, object?> spec)
                    {
                        _errors.Add(new FleetError("file entry must be a mapping with 'path' and/or 'foreach'") { Bundle = name, Template = key, Location = tree.LocationOf(at) });
                        continue;
                    }
                    foreach (var unknown in spec.Keys.Except(BundleFileKeys))
                    {
                        _errors.Add(new FleetError($"unknown key '{unknown}' (expected: {string.Join(", ", BundleFileKeys)})") { Bundle = name, Template = key, Location = tree.LocationOf(at + "." + unknown) });
                    }
                    template = template with
                    {
                        PathTemplate = spec.GetValueOrDefault("path") as string ?? output,
                        Foreach = spec.GetValueOrDefault("foreach") as string,
                        DeclaredAt = tree.LocationOf(at),
                    };
                }
                templates.Add(template);
            }
        }
        foreach (var unused in overrides.Keys.Where(k => !used.Contains(k)))
        {
            _errors.Add(new FleetError($"'files' names '{unused}', which is not a file under templates/ or files/") { Bundle = name, Location = tree.LocationOf("files." + unused) });
        }
        var description = map.GetValueOrDefault("description") as string;
        return new BundleDefinition(name, Display(definitionPath), description, root, selectors, templates, _files.HashOf(folder));
    }

    private static YamlTree VarsOf(YamlTree tree) => tree.Child("vars") is { Value: Dictionary<string, object?> } vars ? vars : YamlTree.Empty(tree.File);

    private void CheckKeys(YamlTree tree, string path, string[] allowed)
    {
        if (tree.AsMap is null)
        {
            if (tree.Value is not null)
            {
                _errors.Add(new FleetError("expected a mapping at the top of the file") { Location = tree.LocationOf(path) });
            }
            return;
        }
        foreach (var key in tree.AsMap.Keys.Except(allowed))
        {
            _errors.Add(new FleetError($"unknown key '{key}' (expected: {string.Join(", ", allowed)})") { Location = tree.LocationOf(key) });
        }
        if (tree.AsMap.GetValueOrDefault("vars") is { } vars and not Dictionary<string, object?>)
        {
            _errors.Add(new FleetError("'vars' must be a mapping") { Location = tree.LocationOf("vars") });
        }
        if (allowed == FleetKeys && tree.AsMap.GetValueOrDefault("render") is Dictionary<string, object?> render)
        {
            foreach (var key in render.Keys.Except(RenderKeys))
            {
                _errors.Add(new FleetError($"unknown render option '{key}' (expected: {string.Join(", ", RenderKeys)})") { Location = tree.LocationOf("render." + key) });
            }
        }
    }

    private YamlTree? ParseFile(string path)
    {
        var file = _files.Get(path);
        if (file is null)
        {
            _errors.Add(new FleetError($"not a fleet repository: {Display(path)} not found") { Location = new SourceLocation(Display(path)) });
            return null;
        }
        try
        {
            return YamlReader.Parse(file.Text, Display(path));
        }
        catch (FleetException ex)
        {
            _errors.AddRange(ex.Errors);
            return null;
        }
    }

    private string? FindYaml(string pathWithoutExtension) =>
        _files.Get(pathWithoutExtension + ".yaml") is not null ? pathWithoutExtension + ".yaml"
        : _files.Get(pathWithoutExtension + ".yml") is not null ? pathWithoutExtension + ".yml"
        : null;

    private IEnumerable<FleetFile> YamlFilesUnder(string folder) =>
        _files.Under(folder).Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal) || f.Path.EndsWith(".yml", StringComparison.Ordinal));

    private static string NameOf(string path)
    {
        var fileName = path[(path.LastIndexOf('/') + 1)..];
        return fileName[..fileName.LastIndexOf('.')];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SiteIdPattern();
}
