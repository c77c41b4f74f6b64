namespace Outpost.Fleet;

/// <summary>Every site of a fleet (ordered by id) with the regions and distributions they refer to.</summary>
public sealed class Inventory
{
    private readonly Dictionary<string, Site> _byId;

    internal Inventory(IEnumerable<Site> sites, IReadOnlyDictionary<string, VariableLayer> regions, IReadOnlyDictionary<string, VariableLayer> distributions)
    {
        Sites = sites.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        _byId = Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Regions = regions;
        Distributions = distributions;
    }

    public IReadOnlyList<Site> Sites { get; }

    public IReadOnlyDictionary<string, VariableLayer> Regions { get; }

    public IReadOnlyDictionary<string, VariableLayer> Distributions { get; }

    /// <summary>The site with this id; throws <see cref="FleetException"/> when there is none.</summary>
    public Site this[string id] => TryGet(id, out var site)
        ? site
        : throw new FleetException(new FleetError($"no such site (sites: {string.Join(", ", Sites.Take(20).Select(s => s.Id))}{(Sites.Count > 20 ? ", ..." : "")})") { SiteId = id });

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Site? site) => _byId.TryGetValue(id, out site);
}
