namespace Outpost.Fleet;

/// <summary>fleet.yaml's <c>rollout: { policy: NAME }</c>: the rollout policy a hub following the fleet starts for each commit's changes.</summary>
public sealed record FleetRolloutSettings(string Policy, SourceLocation Location);
