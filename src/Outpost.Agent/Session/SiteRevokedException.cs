namespace Outpost.Agent.Session;

/// <summary>The hub refuses this site for good (revoked or unknown): retrying cannot help.</summary>
public sealed class SiteRevokedException(string message) : Exception(message);
