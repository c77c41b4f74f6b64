namespace Outpost.Hub.Operators;

/// <summary>What <see cref="OperatorStore.Remove"/> did.</summary>
public enum OperatorRemoval
{
    Removed,
    NotFound,
    LastAdmin,
}
