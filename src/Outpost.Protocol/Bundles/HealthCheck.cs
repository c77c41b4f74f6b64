namespace Outpost.Protocol.Bundles;

/// <summary>A check the agent runs after applying a bundle: a command or an HTTP GET, with a timeout.</summary>
public sealed record HealthCheck
{
    public required string Name { get; init; }

    /// <summary>argv of a command run in the release directory; exit code 0 is healthy.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>URL fetched with GET; a 2xx status is healthy.</summary>
    public string? Http { get; init; }

    public double TimeoutSeconds { get; init; } = 10;
}
