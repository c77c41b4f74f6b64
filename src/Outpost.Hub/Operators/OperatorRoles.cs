namespace Outpost.Hub.Operators;

/// <summary>
/// The roles an operator can have. <c>admin</c> may do everything; <c>tunnel</c> may read the fleet and open tunnels to
/// the sites its selector matches; <c>viewer</c> may only read. Only admins change anything (any method but GET).
/// </summary>
public static class OperatorRoles
{
    public const string Admin = "admin";
    public const string Tunnel = "tunnel";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Tunnel, Viewer];

    /// <summary>True when this operator may open tunnels to a site with these selectable labels.</summary>
    public static bool MayTunnel(OperatorRecord op, IReadOnlyDictionary<string, string> siteLabels) =>
        op.IsAdmin || (op.Role == Tunnel && op.Sites is { } selector && Sites.LabelSelector.Parse(selector).Matches(siteLabels));
}
