namespace Outpost.Fleet;

/// <summary>The blast radius of a change: which sites' bundles differ between two revisions, and how.</summary>
public sealed class FleetDiffResult
{
    internal FleetDiffResult(FleetRenderResult from, FleetRenderResult to, int totalSites, IReadOnlyList<SiteDiff> sites)
    {
        From = from;
        To = to;
        TotalSites = totalSites;
        Sites = sites;
    }

    public string FromCommit => From.CommitId;

    public string ToCommit => To.CommitId;

    /// <summary>Sites that exist at either revision.</summary>
    public int TotalSites { get; }

    /// <summary>Only the sites that differ, ordered by id.</summary>
    public IReadOnlyList<SiteDiff> Sites { get; }

    public int Added => Sites.Count(s => s.Kind == ChangeKind.Added);

    public int Removed => Sites.Count(s => s.Kind == ChangeKind.Removed);

    public int Modified => Sites.Count(s => s.Kind == ChangeKind.Modified);

    public int Failed => Sites.Count(s => s.Kind == ChangeKind.Failed);

    public int Unchanged => TotalSites - Sites.Count;

    /// <summary>The renders both sides were compared from (the 'to' side reused unchanged parts of the 'from' side).</summary>
    public FleetRenderResult From { get; }

    public FleetRenderResult To { get; }

    /// <summary>Errors at the old revision; those sites are compared as if they had no files before.</summary>
    public IReadOnlyList<FleetError> FromErrors => From.Errors;
}
