namespace Outpost.Hub;

/// <summary>Hub settings (flags, config file or code); defaults suit one lab-network hub.</summary>
public sealed class HubOptions
{
    public string DataDirectory { get; set; } = "./hub";

    /// <summary>Where Kestrel listens; port 0 picks a free port (tests, demo).</summary>
    public string Listen { get; set; } = "https://127.0.0.1:8443";

    /// <summary>The URL agents and operators are told to use; defaults to the listen address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Extra DNS names or IPs for the hub's serving certificate.</summary>
    public IList<string> ServerNames { get; } = [];

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A site with no message for this long is marked offline and its session closed.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Lifetime of a site's client certificate; agents renew at two thirds of it.</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan JoinTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long site telemetry stays in the event log (what agents report, and connects and disconnects); null keeps it
    /// for ever. Operator and rollout actions are never pruned, and tunnel audit lives in a table of its own.
    /// </summary>
    public TimeSpan? TelemetryRetention { get; set; }

    /// <summary>Settings of features added by later issues (fleet repository, rollouts, tunnels), keyed by feature.</summary>
    public IDictionary<string, string> Extra { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
