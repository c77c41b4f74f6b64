namespace Outpost.Hub.Sites;

/// <summary>A site as the API shows it.</summary>
public sealed record SiteRecord
{
    public required string Id { get; init; }
    public string Region { get; init; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EnrolledAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? DesiredRevision { get; init; }
    public string? AppliedRevision { get; init; }
    public string Health { get; init; } = "unknown";
    public DateTimeOffset? LastSeen { get; init; }
    public bool Online { get; init; }
    public string? AgentVersion { get; init; }

    /// <summary>Labels plus the implicit "region" and "site" labels, which selectors may use.</summary>
    public IReadOnlyDictionary<string, string> SelectableLabels() => Selectable(Id, Region, Labels);

    /// <summary>A site's own labels plus the implicit "region" and "site" ones.</summary>
    public static IReadOnlyDictionary<string, string> Selectable(string id, string region, IReadOnlyDictionary<string, string> labels) =>
        new Dictionary<string, string>(labels, StringComparer.Ordinal) { ["region"] = region, ["site"] = id };
}
