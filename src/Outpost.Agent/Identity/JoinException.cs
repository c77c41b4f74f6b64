namespace Outpost.Agent.Identity;

/// <summary>Joining failed for a reason the technician can act on; nothing was written.</summary>
public sealed class JoinException(string message) : Exception(message);
