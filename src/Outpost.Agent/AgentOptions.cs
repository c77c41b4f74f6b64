namespace Outpost.Agent;

/// <summary>Agent settings; the hub sends the heartbeat interval, the rest is local.</summary>
public sealed class AgentOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>HTTP CONNECT proxy URL; when null, HTTPS_PROXY / NO_PROXY from the environment apply.</summary>
    public string? Proxy { get; init; }

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Releases kept for rollback besides the current one.</summary>
    public int KeepReleases { get; init; } = 3;

    public string AgentVersion { get; init; } = typeof(AgentOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
