namespace Outpost.Hub.Operators;

/// <summary>The answer to removing an operator: who, and how many of its open tunnel connections were ended.</summary>
public sealed record OperatorRemoved(string Name, int EndedTunnelConnections);
