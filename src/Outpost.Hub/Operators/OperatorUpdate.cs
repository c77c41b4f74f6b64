namespace Outpost.Hub.Operators;

/// <summary>What <see cref="OperatorStore.Remove"/> or <see cref="OperatorStore.Change"/> did.</summary>
public enum OperatorUpdate
{
    Done,
    NotFound,
    LastAdmin,
}
