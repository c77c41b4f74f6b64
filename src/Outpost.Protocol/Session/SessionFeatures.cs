namespace Outpost.Protocol.Session;

/// <summary>Optional parts of the session protocol an agent lists in its hello.</summary>
public static class SessionFeatures
{
    /// <summary>
    /// The agent reads raw frames after a <see cref="DesiredRevision"/>: its manifest (<c>ManifestFollows</c>, instead of
    /// base64 inside the JSON) and the blobs it names in <c>Attached</c>.
    /// </summary>
    public const string RawFrames = "raw-frames";

    /// <summary>
    /// The agent rebuilds a manifest from a <see cref="Bundles.ManifestPatch"/> against one it holds (<c>ManifestBase</c>),
    /// and fetches the manifest whole when it cannot.
    /// </summary>
    public const string ManifestPatches = "manifest-patches";

    /// <summary>What this build of the agent understands.</summary>
    public static IReadOnlyList<string> All { get; } = [RawFrames, ManifestPatches];
}
