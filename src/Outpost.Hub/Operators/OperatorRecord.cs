namespace Outpost.Hub.Operators;

/// <summary>An operator as the hub knows it: name, role, and for a scoped role the selector of the sites it covers.</summary>
public sealed record OperatorRecord(string Name, string Role, string? Sites, DateTimeOffset CreatedAt)
{
    public bool IsAdmin => Role == OperatorRoles.Admin;
}
