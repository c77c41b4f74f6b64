namespace Outpost.Agent.State;

/// <summary>A status event waiting in the outbox to be sent to the hub; <see cref="Seq"/> is never reused.</summary>
public sealed record OutboxEvent(long Seq, string Kind, string PayloadJson, DateTimeOffset CreatedAt);
