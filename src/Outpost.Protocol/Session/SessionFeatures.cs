namespace Outpost.Protocol.Session;

/// <summary>Optional parts of the session protocol an agent lists in its hello.</summary>
public static class SessionFeatures
{
    /// <summary>The agent reads the raw frames that follow a <see cref="DesiredRevision"/> with <c>Attached</c> blobs.</summary>
    public const string AttachedBlobs = "attached-blobs";

    /// <summary>What this build of the agent understands.</summary>
    public static IReadOnlyList<string> All { get; } = [AttachedBlobs];
}
