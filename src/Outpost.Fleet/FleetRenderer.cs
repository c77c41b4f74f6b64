using System.Collections.Concurrent;

namespace Outpost.Fleet;

/// <summary>Renders sites' configuration bundles from a fleet snapshot, compiling each bundle's templates once per renderer.</summary>
public sealed class FleetRenderer
{
    private readonly FleetRepository _fleet;
    private readonly ConcurrentDictionary<string, Lazy<CompiledBundle>> _compiled = new(StringComparer.Ordinal);
    private readonly Lazy<string> _partialsHash;

    private readonly TemplateCompilerFactory _compilerFactory;

    public FleetRenderer(FleetRepository fleet)
        : this(fleet, EngineTemplateCompiler.Factory)
    {
    }

    internal FleetRenderer(FleetRepository fleet, TemplateCompilerFactory compilerFactory)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        _fleet = fleet;
        _compilerFactory = compilerFactory;
        _partialsHash = new Lazy<string>(() => fleet.Files.HashOf("partials"));
    }

    public FleetRepository Fleet => _fleet;

    /// <summary>Renders one site; throws <see cref="FleetException"/> listing schema or template errors.</summary>
    public RenderedBundle Render(string siteId) => Render(_fleet.Inventory[siteId]);

    /// <summary>Renders one site, reusing parts of <paramref name="previous"/> whose inputs are unchanged.</summary>
    public RenderedBundle Render(Site site, RenderedBundle? previous = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        var errors = new List<FleetError>();
        var bundle = RenderSite(site, previous, errors, out _);
        return bundle ?? throw new FleetException(errors);
    }

    /// <summary>Renders every site in parallel; failures are collected per site rather than stopping the run.</summary>
    public FleetRenderResult RenderAll(FleetRenderOptions? options = null, CancellationToken cancellationToken = default) =>
        RenderSites(_fleet.Inventory.Sites, options, cancellationToken);

    /// <summary>Renders the given sites in parallel; see <see cref="RenderAll"/>.</summary>
    public FleetRenderResult RenderSites(IEnumerable<Site> sites, FleetRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sites);
        options ??= new FleetRenderOptions();
        var list = sites.ToList();
        var bundles = new RenderedBundle?[list.Count];
        var errorsBySite = new List<FleetError>?[list.Count];
        var reusedParts = new int[list.Count];
        var renderedParts = new int[list.Count];
        var completed = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, list.Count, parallel, i =>
        {
            var site = list[i];
            var errors = new List<FleetError>();
            var previous = options.Previous?[site.Id];
            var bundle = RenderSite(site, previous, errors, out var reused);
            bundles[i] = bundle;
            errorsBySite[i] = errors.Count > 0 ? errors : null;
            reusedParts[i] = reused;
            renderedParts[i] = bundle is null ? 0 : bundle.Parts.Count - reused;
            var outcome = bundle is null ? SiteRenderOutcome.Failed : reused == bundle.Parts.Count ? SiteRenderOutcome.Reused : SiteRenderOutcome.Rendered;
            options.Progress?.Report(new SiteRenderProgress(site.Id, Interlocked.Increment(ref completed), list.Count, outcome, bundle));
        });
        var succeeded = new List<RenderedBundle>();
        var failed = new List<string>();
        int sitesReused = 0, sitesRendered = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (bundles[i] is not { } bundle)
            {
                failed.Add(list[i].Id);
                continue;
            }
            succeeded.Add(bundle);
            if (reusedParts[i] == bundle.Parts.Count)
            {
                sitesReused++;
            }
            else
            {
                sitesRendered++;
            }
        }
        return new FleetRenderResult(_fleet.CommitId, succeeded, errorsBySite.Where(e => e is not null).SelectMany(e => e!).ToList(), failed)
        {
            PartsReused = reusedParts.Sum(),
            PartsRendered = renderedParts.Sum(),
            SitesReused = sitesReused,
            SitesRendered = sitesRendered,
        };
    }

    private RenderedBundle? RenderSite(Site site, RenderedBundle? previous, List<FleetError> errors, out int reusedParts)
    {
        reusedParts = 0;
        errors.AddRange(SchemaValidator.Validate(_fleet.Schema, site));
        if (errors.Count > 0)
        {
            return null;
        }
        var siteHash = InputHasher.SiteHash(site, _fleet.Settings);
        var parts = new List<RenderedBundlePart>();
        Dictionary<string, object?>? data = null;
        foreach (var definition in _fleet.BundlesFor(site))
        {
            var inputHash = InputHasher.PartHash(siteHash, definition, _partialsHash.Value);
            var old = previous?.Parts.FirstOrDefault(p => p.BundleName == definition.Name);
            if (old is not null && old.InputHash == inputHash)
            {
                parts.Add(old);
                reusedParts++;
                continue;
            }
            CompiledBundle compiled;
            try
            {
                compiled = Compiled(definition);
            }
            catch (FleetException ex)
            {
                errors.AddRange(ex.Errors.Select(e => e with { SiteId = site.Id }));
                continue;
            }
            data ??= TemplateContext(site);
            parts.Add(new RenderedBundlePart(definition.Name, inputHash, compiled.Render(site, data, errors)));
        }
        CheckDuplicatePaths(site, parts, errors);
        return errors.Count > 0 ? null : new RenderedBundle(site.Id, parts);
    }

    private CompiledBundle Compiled(BundleDefinition definition) =>
        _compiled.GetOrAdd(definition.Name, _ => new Lazy<CompiledBundle>(() => CompiledBundle.Compile(definition, _fleet, _compilerFactory), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>What templates see: the merged variables at top level, plus <c>site</c> and <c>fleet</c>.</summary>
    private Dictionary<string, object?> TemplateContext(Site site)
    {
        // The commit id is deliberately absent: it would change every site's inputs on every commit.
        var data = site.Variables.CloneValues();
        data["site"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = site.Id,
            ["region"] = site.Region,
            ["distribution"] = site.Distribution,
            ["labels"] = site.Labels.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
        };
        data["fleet"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = _fleet.Settings.Name };
        return data;
    }

    private static void CheckDuplicatePaths(Site site, List<RenderedBundlePart> parts, List<FleetError> errors)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var file in part.Files)
            {
                if (!owners.TryAdd(file.Path, part.BundleName))
                {
                    var where = owners[file.Path] == part.BundleName ? $"twice in bundle '{part.BundleName}'" : $"in bundles '{owners[file.Path]}' and '{part.BundleName}'";
                    errors.Add(new FleetError($"two files render to '{file.Path}' ({where}); make the output paths distinct (e.g. use item in a foreach path)")
                    {
                        SiteId = site.Id,
                        Bundle = part.BundleName,
                    });
                }
            }
        }
    }
}
