namespace Outpost.Protocol.Bundles;

/// <summary>The bundle's config blob: what the agent needs besides the files themselves.</summary>
public sealed record BundleConfig
{
    public IReadOnlyList<HealthCheck> HealthChecks { get; init; } = [];

    /// <summary>Reverse tunnel policy; null (the default) lets no tunnel reach anything at the site.</summary>
    public Tunnels.TunnelConfig? Tunnel { get; init; }
}
