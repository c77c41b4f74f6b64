namespace Outpost.Fleet;

/// <summary>One site whose bundle differs between two revisions: how, which files, and the bundle hashes on both sides.</summary>
public sealed record SiteDiff(string SiteId, ChangeKind Kind, IReadOnlyList<FileDiff> Files)
{
    public string? FromContentHash { get; init; }

    public string? ToContentHash { get; init; }

    /// <summary>Why the site failed to render at the new revision (Kind = Failed).</summary>
    public IReadOnlyList<FleetError> Errors { get; init; } = [];
}
