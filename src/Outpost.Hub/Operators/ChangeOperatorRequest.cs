namespace Outpost.Hub.Operators;

/// <summary>PUT /v1/operators/{name} body: the operator's new role and (role tunnel) site selector.</summary>
public sealed record ChangeOperatorRequest(string Role, string? Sites);
