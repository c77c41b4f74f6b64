namespace Outpost.Hub.GitOps;

/// <summary>The fleet's rollout policies after a commit: the names stored from the repository and the problems that kept the commit's policies out.</summary>
public sealed record FleetPolicyResult(IReadOnlyList<string> Policies, IReadOnlyList<FleetProblem> Problems);
