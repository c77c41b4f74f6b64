namespace Outpost.Agent.Releases;

/// <summary>What an apply did: the release now current, where it is, and what was current before (for a rollback).</summary>
/// <param name="Revision">The manifest digest now current.</param>
/// <param name="ReleasePath">The release directory (the real path, not through the <c>current</c> link).</param>
/// <param name="PreviousRevision">The release current before, or null; <see cref="ReleaseStore.SwitchToAsync"/> can go back to it.</param>
/// <param name="Changed">False when the revision was already current and nothing was done.</param>
public sealed record ApplyOutcome(string Revision, string ReleasePath, string? PreviousRevision, bool Changed);
