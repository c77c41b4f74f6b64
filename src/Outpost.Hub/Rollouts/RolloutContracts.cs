namespace Outpost.Hub.Rollouts;

/// <summary>POST /v1/rollout-policies body: a policy YAML file as the operator wrote it.</summary>
public sealed record PolicyApplyRequest(string File, string Yaml);

/// <summary>A stored rollout policy, as listed.</summary>
public sealed record PolicySummary(string Name, string File, IReadOnlyList<string> Waves, int MaintenanceWindows, bool AutoRollback, DateTimeOffset UpdatedAt, string UpdatedBy, string Source)
{
    /// <summary>"operator" (outpost rollout policy apply) or "fleet" (a file of the followed fleet repository).</summary>
    public string Origin { get; init; } = PolicyOrigins.Operator;

    /// <summary>For a fleet policy: the commit it was read from.</summary>
    public string? Commit { get; init; }
}

/// <summary>Where a stored policy came from.</summary>
public static class PolicyOrigins
{
    public const string Operator = "operator";
    public const string Fleet = "fleet";
}

/// <summary>A rollout where each site gets its own revision (site id to revision digest), with a stored policy: how the fleet follower rolls out a commit.</summary>
public sealed record TargetedRolloutRequest(string Policy, IReadOnlyDictionary<string, string> Targets);

/// <summary>A started targeted rollout: its id, the sites in it, and the sites no wave of the policy selects (left out).</summary>
public sealed record TargetedRolloutStarted(long Id, IReadOnlyList<string> Sites, IReadOnlyList<string> NotInAnyWave);

/// <summary>One revision of a rollout and how many of its sites get it.</summary>
public sealed record RevisionTarget(string Revision, int Sites);

/// <summary>POST /v1/rollouts body: a revision and a stored policy by name, or an inline policy (YAML).</summary>
public sealed record RolloutStartRequest(string Revision, string? Policy, string? PolicyYaml, string? PolicyFile, bool Now);

/// <summary>A rollout with per-wave counts and the sites that failed or were deferred.</summary>
public sealed record RolloutView
{
    public long Id { get; init; }
    public string Revision { get; init; } = "";
    public string Policy { get; init; } = "";
    public string State { get; init; } = "";
    public string? Reason { get; init; }
    public int CurrentWave { get; init; }
    public bool Now { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset? FinishedAt { get; init; }
    public IReadOnlyList<WaveView> Waves { get; init; } = [];

    /// <summary>Every revision the rollout gives out with its site count; more than one when sites have their own target (fleet rollouts).</summary>
    public IReadOnlyList<RevisionTarget> Revisions { get; init; } = [];
    public IReadOnlyList<SiteProblem> Failed { get; init; } = [];
    public IReadOnlyList<SiteProblem> Deferred { get; init; } = [];

    /// <summary>Running, waiting for approval or paused: not yet finished.</summary>
    public bool Active => State is RolloutStates.Running or RolloutStates.WaitingApproval or RolloutStates.Paused;
}

/// <summary>One wave of a rollout with its site counts.</summary>
public sealed record WaveView
{
    public int Index { get; init; }
    public string Name { get; init; } = "";
    public string? Selector { get; init; }
    public string State { get; init; } = "";
    public int Total { get; init; }
    public int Pending { get; init; }
    public int Updating { get; init; }
    public int Healthy { get; init; }
    public int Failed { get; init; }
    public int Deferred { get; init; }
    public int RolledBack { get; init; }
    public int Cancelled { get; init; }

    /// <summary>Pending or updating sites without a live session right now.</summary>
    public int Offline { get; init; }

    /// <summary>Pending sites held until their maintenance window opens.</summary>
    public int WaitingWindow { get; init; }
    public bool ApprovalRequired { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? BakeUntil { get; init; }
    public string MaxUnavailable { get; init; } = "";
    public string FailureThreshold { get; init; } = "";
    public string BakeTime { get; init; } = "";

    /// <summary>Sites that reached an end state (healthy, failed, deferred, rolled back, cancelled).</summary>
    public int Done => Healthy + Failed + Deferred + RolledBack + Cancelled;
}

/// <summary>A site that failed or was deferred, and why.</summary>
public sealed record SiteProblem(string Site, string Wave, string? Reason);

/// <summary>One site's part in one rollout (`outpost rollout history SITE`).</summary>
public sealed record SiteRolloutEntry(long Rollout, string Revision, string RolloutState, string Wave, string State, string? PreviousRevision,
    DateTimeOffset? DispatchedAt, DateTimeOffset? FinishedAt, string? Reason, DateTimeOffset CreatedAt);

/// <summary>The states of rollouts, waves and rollout sites, as stored.</summary>
public static class RolloutStates
{
    public const string Running = "running";
    public const string WaitingApproval = "waiting-approval";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string RolledBack = "rolled-back";

    public const string WavePending = "pending";
    public const string WaveRunning = "running";
    public const string WaveBaking = "baking";
    public const string WaveDone = "done";

    public const string SitePending = "pending";
    public const string SiteUpdating = "updating";
    public const string SiteHealthy = "healthy";
    public const string SiteFailed = "failed";
    public const string SiteDeferred = "deferred";
    public const string SiteRolledBack = "rolled-back";
    public const string SiteCancelled = "cancelled";
}
