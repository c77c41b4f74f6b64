namespace Outpost.Hub.Operators;

/// <summary>POST /v1/operators body: a new operator's name, role and (role tunnel) site selector.</summary>
public sealed record AddOperatorRequest(string Name, string Role, string? Sites);
