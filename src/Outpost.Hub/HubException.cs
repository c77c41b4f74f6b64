namespace Outpost.Hub;

/// <summary>An error the API returns as-is to the caller, with its HTTP status.</summary>
public sealed class HubException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
