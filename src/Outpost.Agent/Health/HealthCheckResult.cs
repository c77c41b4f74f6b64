namespace Outpost.Agent.Health;

/// <summary>The outcome of one health check: healthy or not, with a short human-readable detail (output, status, error).</summary>
public sealed record HealthCheckResult(string Name, bool Healthy, string Detail, TimeSpan Duration);
