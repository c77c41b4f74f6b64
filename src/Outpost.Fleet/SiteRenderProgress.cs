namespace Outpost.Fleet;

/// <summary>Reported as each site finishes: which one, how far along the run is, and whether it was rendered, reused or failed.</summary>
public sealed record SiteRenderProgress(string SiteId, int Completed, int Total, SiteRenderOutcome Outcome, RenderedBundle? Bundle);
