using System.Collections.Concurrent;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Bundles;

/// <summary>
/// The control-channel frames that tell a session its desired revision. An agent that reads raw frames gets the manifest
/// as raw bytes after the message (base64 in JSON would add a third), and, when it is known to run an earlier revision,
/// the blobs that revision lacks when they are small (at most <see cref="MaxAttachedBytes"/> in all): a one-file change
/// then arrives whole instead of costing a fetch round trip (hundreds of milliseconds on a hospital's satellite or 4G
/// link). To an agent that also reads manifest patches, the manifest goes as a <see cref="ManifestPatch"/> against the
/// earlier revision's (a hundred bytes for a one-file change instead of the whole manifest, which is most of what a
/// small change sends). Built once per (revision, earlier revision) and shared: by every session of a fan-out, and by
/// every agent that reconnects after a hub restart.
/// </summary>
public sealed class DesiredFrames(RevisionStore revisions, BlobStore blobs)
{
    /// <summary>Most attached content per push; more than that is fetched as before, a blob at a time.</summary>
    public const long MaxAttachedBytes = 256 * 1024;

    // A few revisions are live at a time (the current one, a rollout's next); a full cache starts again rather than track use.
    private const int MaxCached = 32;
    private readonly ConcurrentDictionary<(string Revision, string? Base, bool Raw, bool Patch), IReadOnlyList<byte[]>> _built = new();

    /// <summary>
    /// The frames for an agent that does (<paramref name="raw"/>) or does not read raw frames, does or does not read
    /// manifest patches (<paramref name="patch"/>), and is taken to run <paramref name="baseRevision"/>.
    /// </summary>
    public IReadOnlyList<byte[]> For(SignedRevision revision, bool raw, bool patch, string? baseRevision)
    {
        patch &= raw;
        var key = (revision.Digest, raw ? baseRevision : null, raw, patch);
        if (_built.TryGetValue(key, out var frames))
        {
            return frames;
        }

        if (_built.Count >= MaxCached)
        {
            _built.Clear();
        }

        return _built.GetOrAdd(key, _ => raw ? Raw(revision, patch, baseRevision) : Inline(revision));
    }

    /// <summary>The message alone, manifest inline: for agents that do not read raw frames.</summary>
    private static IReadOnlyList<byte[]> Inline(SignedRevision revision) =>
        [MessageChannel.Frame(new DesiredRevision(revision.Digest, revision.Manifest, revision.Signature))];

    /// <summary>
    /// The message and the raw manifest (or its patch against <paramref name="baseRevision"/>'s), with the blobs
    /// <paramref name="baseRevision"/> lacks attached when they are few and small.
    /// </summary>
    private IReadOnlyList<byte[]> Raw(SignedRevision revision, bool patch, string? baseRevision)
    {
        var earlier = baseRevision is null || baseRevision == revision.Digest ? null : revisions.Get(baseRevision);
        var attached = Missing(revision, earlier);
        var contents = new List<byte[]>(attached.Count);
        foreach (var digest in attached)
        {
            if (blobs.ReadSmall(digest) is not { } content)
            {
                (attached, contents) = ([], []);
                break;
            }

            contents.Add(content);
        }

        var manifestPatch = patch && earlier is not null ? ManifestPatch.Create(earlier.Manifest, revision.Manifest) : null;
        var frames = new List<byte[]>(2 + contents.Count)
        {
            MessageChannel.Frame(new DesiredRevision(revision.Digest, [], revision.Signature, attached.Count > 0 ? attached : null, ManifestFollows: true, manifestPatch is null ? null : earlier!.Digest)),
            MessageChannel.RawFrame(manifestPatch ?? revision.Manifest),
        };
        frames.AddRange(contents.Select(c => MessageChannel.RawFrame(c)));
        return frames;
    }

    /// <summary>The blobs of <paramref name="revision"/> that <paramref name="earlier"/> lacks, if they are small enough to attach.</summary>
    private static List<string> Missing(SignedRevision revision, SignedRevision? earlier)
    {
        if (earlier is null)
        {
            return [];
        }

        var wanted = BundleManifest.Parse(revision.Manifest);
        var had = BundleManifest.Parse(earlier.Manifest).BlobDigests().ToHashSet(StringComparer.Ordinal);
        var sizes = wanted.Layers.Append(wanted.Config).GroupBy(d => d.Digest, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
        var missing = wanted.BlobDigests().Where(d => !had.Contains(d)).ToList();
        return missing.Sum(d => sizes[d]) <= MaxAttachedBytes ? missing : [];
    }
}
