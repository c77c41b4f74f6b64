namespace Outpost.Protocol.Tunnels;

/// <summary>The <c>tunnel:</c> section of a bundle: which targets operators may reach at the site.</summary>
public sealed record TunnelConfig
{
    /// <summary>host:port patterns (see <see cref="TunnelAllowList"/>); empty means nothing is reachable.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];
}
