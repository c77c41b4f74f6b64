namespace Outpost.Hub.Tunnels;

/// <summary>One tunnel stream in the audit log: who reached what at which site, when, how much each way, how it ended.</summary>
public sealed record TunnelStreamRecord(
    long Id,
    string SiteId,
    string Operator,
    string Target,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    long BytesToSite,
    long BytesFromSite,
    double? DurationSeconds,
    string Outcome,
    string? Reason);
