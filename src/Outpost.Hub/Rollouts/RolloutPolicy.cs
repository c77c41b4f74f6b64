namespace Outpost.Hub.Rollouts;

/// <summary>How a revision reaches the fleet: ordered waves, gates, windows and what to do on failure.</summary>
public sealed record RolloutPolicy
{
    public required string Name { get; init; }
    public required IReadOnlyList<WavePolicy> Waves { get; init; }
    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];

    /// <summary>Put the previous desired revision back on every updated site when a failure threshold pauses the rollout.</summary>
    public bool AutoRollback { get; init; }

    /// <summary>How long a wave waits for an offline site before counting it as deferred.</summary>
    public TimeSpan OfflineDeadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The policy used when none is named and no stored policy is called "default": every site, a quarter at a time.</summary>
    public static RolloutPolicy Builtin { get; } = new()
    {
        Name = "builtin",
        Waves = [new WavePolicy { Name = "all", MaxUnavailable = new Quantity(25, true) }],
    };
}

/// <summary>One wave of a rollout policy.</summary>
public sealed record WavePolicy
{
    public required string Name { get; init; }

    /// <summary>Label selector; null means every site no earlier wave took ("the rest").</summary>
    public string? Selector { get; init; }

    /// <summary>How many of the wave's sites may be updating at once.</summary>
    public Quantity MaxUnavailable { get; init; } = new(1, false);
    public TimeSpan BakeTime { get; init; }

    /// <summary>Failed sites in this wave that pause the rollout.</summary>
    public Quantity FailureThreshold { get; init; } = new(1, false);
    public bool Approval { get; init; }

    /// <summary>Failures that pause a wave of <paramref name="total"/> sites; never less than one.</summary>
    public int FailureLimit(int total) => Math.Max(1, FailureThreshold.Of(total));

    public int Concurrency(int total) => Math.Max(1, MaxUnavailable.Of(total));
}
