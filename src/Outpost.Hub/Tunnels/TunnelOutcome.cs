namespace Outpost.Hub.Tunnels;

/// <summary>How a tunnel stream ended, as the audit log spells it.</summary>
public static class TunnelOutcome
{
    /// <summary>Still flowing.</summary>
    public const string Open = "open";

    /// <summary>Both ends closed in order.</summary>
    public const string Closed = "closed";

    /// <summary>Policy said no: the operator's role, the hub's view of the allow-list, or the site's own.</summary>
    public const string Refused = "refused";

    /// <summary>The site is offline or could not connect to the target.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>Broken off: the agent's session or the operator's connection dropped.</summary>
    public const string Error = "error";
}
