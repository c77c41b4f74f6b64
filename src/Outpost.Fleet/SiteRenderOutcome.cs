namespace Outpost.Fleet;

/// <summary>What happened to one site during a render run.</summary>
public enum SiteRenderOutcome
{
    /// <summary>At least one bundle was rendered afresh.</summary>
    Rendered,

    /// <summary>Every bundle's inputs were unchanged, so the previous output was reused.</summary>
    Reused,

    Failed,
}
