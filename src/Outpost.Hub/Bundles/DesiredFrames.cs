using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Bundles;

/// <summary>
/// The control-channel frames that tell a session its desired revision. To an agent that can take them and is known to
/// run an earlier revision, the blobs that revision lacks go along after the message when they are small (at most
/// <see cref="MaxAttachedBytes"/> in all), so a one-file change arrives whole instead of costing a fetch round trip
/// (hundreds of milliseconds on a hospital's satellite or 4G link). Built once per earlier revision for a whole push.
/// </summary>
public sealed class DesiredFrames(RevisionStore revisions, BlobStore blobs)
{
    /// <summary>Most attached content per push; more than that is fetched as before, a blob at a time.</summary>
    public const long MaxAttachedBytes = 256 * 1024;

    /// <summary>The message alone.</summary>
    public static IReadOnlyList<byte[]> Plain(SignedRevision revision) =>
        [MessageChannel.Frame(new DesiredRevision(revision.Digest, revision.Manifest, revision.Signature))];

    /// <summary>The message, with the blobs <paramref name="baseRevision"/> lacks attached when they are few and small.</summary>
    public IReadOnlyList<byte[]> For(SignedRevision revision, string? baseRevision)
    {
        if (baseRevision is null || baseRevision == revision.Digest || revisions.Get(baseRevision) is not { } earlier)
        {
            return Plain(revision);
        }

        var wanted = BundleManifest.Parse(revision.Manifest);
        var had = BundleManifest.Parse(earlier.Manifest).BlobDigests().ToHashSet(StringComparer.Ordinal);
        var sizes = wanted.Layers.Append(wanted.Config).GroupBy(d => d.Digest, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
        var missing = wanted.BlobDigests().Where(d => !had.Contains(d)).ToList();
        if (missing.Count == 0 || missing.Sum(d => sizes[d]) > MaxAttachedBytes)
        {
            return Plain(revision);
        }

        var contents = new List<byte[]>(missing.Count);
        foreach (var digest in missing)
        {
            if (blobs.ReadSmall(digest) is not { } content)
            {
                return Plain(revision);
            }

            contents.Add(content);
        }

        var frames = new List<byte[]>(1 + contents.Count)
        {
            MessageChannel.Frame(new DesiredRevision(revision.Digest, revision.Manifest, revision.Signature, missing)),
        };
        frames.AddRange(contents.Select(c => MessageChannel.RawFrame(c)));
        return frames;
    }
}
