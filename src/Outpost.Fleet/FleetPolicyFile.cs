namespace Outpost.Fleet;

/// <summary>A rollout policy file of the fleet (<c>rollouts/*.yaml</c>) as committed: repository-relative path and text.</summary>
public sealed record FleetPolicyFile(string Path, string Text);
