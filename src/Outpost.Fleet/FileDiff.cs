namespace Outpost.Fleet;

/// <summary>One file of a site's bundle that differs between two revisions, with its unified diff when asked for.</summary>
public sealed record FileDiff(string Path, ChangeKind Kind, string? Patch);
