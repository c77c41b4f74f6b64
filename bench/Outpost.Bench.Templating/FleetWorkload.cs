using Outpost.Fleet;
using Outpost.Templating;

namespace Outpost.Bench.Templating;

/// <summary>
/// Everything FleetRenderer would render for a fleet, flattened into render jobs: for each site (by id), each bundle
/// that applies (by name), each templated file (bundle.yaml order), each foreach item. The data is what
/// FleetRenderer gives templates: the merged variables at top level plus <c>site</c> and <c>fleet</c> (and <c>item</c>).
/// </summary>
internal sealed class FleetWorkload
{
    private FleetWorkload(FleetRepository fleet, IReadOnlyList<WorkloadBundle> bundles, IReadOnlyList<Site> sites, IReadOnlyList<Dictionary<string, object?>> siteData,
        IReadOnlyList<int[]> siteBundles, IReadOnlyList<RenderJob> jobs)
    {
        Fleet = fleet;
        Bundles = bundles;
        Sites = sites;
        SiteData = siteData;
        SiteBundles = siteBundles;
        Jobs = jobs;
    }

    public FleetRepository Fleet { get; }

    public TemplateOptions Options => Fleet.Settings.TemplateOptions;

    public IReadOnlyList<WorkloadBundle> Bundles { get; }

    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Per site: merged variables plus <c>site</c> and <c>fleet</c>; this is what is sent to Python as JSON.</summary>
    public IReadOnlyList<Dictionary<string, object?>> SiteData { get; }

    /// <summary>Per site: indexes into <see cref="Bundles"/> of the bundles whose selectors match.</summary>
    public IReadOnlyList<int[]> SiteBundles { get; }

    public IReadOnlyList<RenderJob> Jobs { get; }

    /// <summary>Files copied from files/ (not rendered) over all sites.</summary>
    public int RawFiles => SiteBundles.Sum(indexes => indexes.Sum(i => Bundles[i].RawFiles));

    /// <summary>Jobs of the first <paramref name="sites"/> sites (the warm-up).</summary>
    public int JobsOfFirstSites(int sites) => Jobs.TakeWhile(j => j.Site < sites).Count();

    /// <summary>Builds the workload; template sources are read from <paramref name="fleetRoot"/>, the work tree of the fleet's commit.</summary>
    public static FleetWorkload Build(FleetRepository fleet, string fleetRoot)
    {
        var partials = ReadTree(Path.Combine(fleetRoot, "partials"));
        var bundles = new List<WorkloadBundle>();
        var nextId = 0;
        foreach (var definition in fleet.Bundles)
        {
            var sources = new Dictionary<string, string>(partials, StringComparer.Ordinal);
            foreach (var (name, text) in ReadTree(Path.Combine(fleetRoot, definition.Folder, "templates")))
            {
                sources[name] = text;
            }
            var files = definition.Templates.Where(t => t.IsTemplate)
                .Select(t => new WorkloadFile(nextId++, t.Source["templates/".Length..], t.PathTemplate, IsTemplated(t.PathTemplate), t.Foreach))
                .ToList();
            bundles.Add(new WorkloadBundle(definition.Name, definition.Root, sources, files, definition.Templates.Count(t => !t.IsTemplate)));
        }

        var sites = fleet.Inventory.Sites;
        var siteData = new List<Dictionary<string, object?>>(sites.Count);
        var siteBundles = new List<int[]>(sites.Count);
        var jobs = new List<RenderJob>();
        for (var s = 0; s < sites.Count; s++)
        {
            var site = sites[s];
            var data = Context(fleet, site);
            siteData.Add(data);
            var applies = Enumerable.Range(0, bundles.Count).Where(i => fleet.Bundles[i].AppliesTo(site)).ToArray();
            siteBundles.Add(applies);
            foreach (var bundle in applies.Select(i => bundles[i]))
            {
                foreach (var file in bundle.Files)
                {
                    if (file.Foreach is null)
                    {
                        jobs.Add(new RenderJob(s, bundle, file, data));
                    }
                    else if (site.Variables.Get(file.Foreach) is List<object?> items)
                    {
                        // As CompiledBundle: a missing or null list renders no file.
                        jobs.AddRange(items.Select(item => new RenderJob(s, bundle, file, new Dictionary<string, object?>(data, StringComparer.Ordinal) { ["item"] = item })));
                    }
                }
            }
        }
        return new FleetWorkload(fleet, bundles, sites, siteData, siteBundles, jobs);
    }

    /// <summary>The same context FleetRenderer builds (its private TemplateContext), without the defensive deep copy.</summary>
    private static Dictionary<string, object?> Context(FleetRepository fleet, Site site) =>
        new(site.Variables.Values, StringComparer.Ordinal)
        {
            ["site"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = site.Id,
                ["region"] = site.Region,
                ["distribution"] = site.Distribution,
                ["labels"] = site.Labels.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
            },
            ["fleet"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = fleet.Settings.Name },
        };

    private static Dictionary<string, string> ReadTree(string folder)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllText(file);
            }
        }
        return files;
    }

    private static bool IsTemplated(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);
}
