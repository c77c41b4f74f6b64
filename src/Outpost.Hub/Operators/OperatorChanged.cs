namespace Outpost.Hub.Operators;

/// <summary>The answer to changing an operator: its role and sites now, and how many of its open tunnel connections were ended.</summary>
public sealed record OperatorChanged(string Name, string Role, string? Sites, int EndedTunnelConnections);
