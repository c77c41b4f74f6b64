namespace Outpost.Hub.Events;

/// <summary>One entry of the hub's event and audit log.</summary>
public sealed record HubEvent(long Id, DateTimeOffset At, string? SiteId, long? AgentSeq, string Kind, string Actor, string Data);
