namespace Outpost.Fleet;

/// <summary>How a site or a file differs between two revisions.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Modified,

    /// <summary>The site cannot be rendered at the new revision, so its change is unknown (see the errors).</summary>
    Failed,
}
