namespace Outpost.Cli.Tunnels;

/// <summary>The hub or the site refused a tunnel stream (policy, role) or could not reach its target; the message says why.</summary>
internal sealed class TunnelRefusedException(string message) : Exception(message);
