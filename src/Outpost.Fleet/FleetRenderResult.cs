namespace Outpost.Fleet;

/// <summary>The outcome of rendering many sites: bundles of the sites that succeeded (ordered by id), errors of those that did not, and reuse counts.</summary>
public sealed class FleetRenderResult
{
    private readonly Dictionary<string, RenderedBundle> _byId;

    public FleetRenderResult(string commitId, IEnumerable<RenderedBundle> bundles, IReadOnlyList<FleetError> errors, IReadOnlyList<string> failedSites)
    {
        CommitId = commitId;
        Bundles = bundles.OrderBy(b => b.SiteId, StringComparer.Ordinal).ToList();
        _byId = Bundles.ToDictionary(b => b.SiteId, StringComparer.Ordinal);
        Errors = errors;
        FailedSites = failedSites;
    }

    public string CommitId { get; }

    public IReadOnlyList<RenderedBundle> Bundles { get; }

    public IReadOnlyList<FleetError> Errors { get; }

    public IReadOnlyList<string> FailedSites { get; }

    public bool Succeeded => FailedSites.Count == 0 && Errors.Count == 0;

    /// <summary>Sites with at least one bundle rendered afresh.</summary>
    public int SitesRendered { get; init; }

    /// <summary>Sites whose whole output was reused from the previous results.</summary>
    public int SitesReused { get; init; }

    /// <summary>(site, bundle) pairs rendered afresh.</summary>
    public int PartsRendered { get; init; }

    /// <summary>(site, bundle) pairs reused from the previous results.</summary>
    public int PartsReused { get; init; }

    public RenderedBundle? this[string siteId] => _byId.GetValueOrDefault(siteId);

    public bool TryGet(string siteId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RenderedBundle? bundle) => _byId.TryGetValue(siteId, out bundle);
}
