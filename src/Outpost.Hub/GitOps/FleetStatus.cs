namespace Outpost.Hub.GitOps;

/// <summary>What the fleet follower did last: the commit it rendered, counts, revisions published and errors (GET /v1/fleet/status).</summary>
public sealed record FleetStatus
{
    public bool Enabled { get; init; }

    public string? Repository { get; init; }

    public string? Branch { get; init; }

    public double PollSeconds { get; init; }

    /// <summary>"starting", "syncing" or "idle".</summary>
    public string State { get; init; } = "starting";

    /// <summary>The commit whose render was applied last.</summary>
    public string? Commit { get; init; }

    /// <summary>When that commit was rendered and applied.</summary>
    public DateTimeOffset? RenderedAt { get; init; }

    /// <summary>When the branch head was last looked at (poll or refresh).</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    /// <summary>Sites in the inventory at <see cref="Commit"/>.</summary>
    public int Sites { get; init; }

    /// <summary>Sites with at least one bundle rendered afresh (the others were reused from the previous commit's render).</summary>
    public int Rendered { get; init; }

    public int Reused { get; init; }

    /// <summary>Sites given a new desired revision at this commit.</summary>
    public int Changed { get; init; }

    public int Unchanged { get; init; }

    public int Failed { get; init; }

    public IReadOnlyList<string> FailedSites { get; init; } = [];

    /// <summary>Inventory sites the follower added to the hub at this commit (they still need a join token).</summary>
    public IReadOnlyList<string> CreatedSites { get; init; } = [];

    /// <summary>Sites that left the inventory at this commit; the hub keeps them and their desired revision.</summary>
    public IReadOnlyList<string> RemovedSites { get; init; } = [];

    /// <summary>Inventory sites not published to because they are revoked on the hub.</summary>
    public IReadOnlyList<string> SkippedSites { get; init; } = [];

    public IReadOnlyList<FleetRevisionInfo> Revisions { get; init; } = [];

    /// <summary>Render and publish errors of <see cref="Commit"/>, each naming file, line and site where known.</summary>
    public IReadOnlyList<FleetProblem> Errors { get; init; } = [];

    /// <summary>The rollout policy fleet.yaml names (<c>rollout: { policy: NAME }</c>); null when changes are published at once.</summary>
    public string? RolloutPolicy { get; init; }

    /// <summary>The rollout this commit's changes went into, if any.</summary>
    public long? Rollout { get; init; }

    /// <summary>Why this commit's changed sites were not rolled out (yet): policy errors, or another rollout still active.</summary>
    public string? RolloutHeld { get; init; }

    /// <summary>Changed sites that wait because of <see cref="RolloutHeld"/>.</summary>
    public IReadOnlyList<string> HeldSites { get; init; } = [];

    /// <summary>Rollout policies stored from the repository's <c>rollouts/</c> folder.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Errors in the repository's rollout policies (file, line, field); while there are any the hub keeps the previous commit's policies.</summary>
    public IReadOnlyList<FleetProblem> PolicyErrors { get; init; } = [];

    /// <summary>Why the last check could not read the repository (fetch failure, broken fleet.yaml...); empty when it could.</summary>
    public IReadOnlyList<FleetProblem> RepositoryErrors { get; init; } = [];
}
