using System.Collections.Concurrent;
using System.Security.Cryptography;
using Outpost.Protocol.Bundles;

namespace Outpost.Bench.Fleet;

/// <summary>
/// The checks the simulated agents share: a manifest verified once (sha256 and ECDSA signature) and a blob hashed once
/// are, for every later agent, checked by comparing its own bytes with those. On a fleet every agent does these checks
/// on its own computer at the same time as the others; done ten thousand times over on the two cores the hub also needs,
/// they would make the benchmark measure the harness rather than the fan-out.
/// </summary>
internal sealed class CheckedRevisions
{
    private readonly ConcurrentDictionary<(string Revision, string Signature), byte[]> _manifests = new();
    private readonly ConcurrentDictionary<(string Revision, string? Base), IReadOnlyList<string>> _blobsOf = new();
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    private volatile bool _shared = true;

    /// <summary>When false, every simulated agent checks everything itself, as <c>outpost agent</c> does. Set between fan-outs.</summary>
    public bool Shared
    {
        get => _shared;
        set => _shared = value;
    }

    /// <summary>True when <paramref name="manifest"/> is the revision's manifest and carries its signature.</summary>
    public bool Verify(ECDsa key, byte[] manifest, string revision, string signature)
    {
        if (Shared && _manifests.TryGetValue((revision, signature), out var verified))
        {
            return manifest.AsSpan().SequenceEqual(verified);
        }

        if (!BundleSigner.VerifyRevision(key, manifest, revision, signature))
        {
            return false;
        }

        if (Shared)
        {
            _manifests.TryAdd((revision, signature), manifest);
        }

        return true;
    }

    /// <summary>
    /// The blobs the (verified) manifest of <paramref name="revision"/> names; when shared, less those of the revision the
    /// agent runs (<paramref name="applied"/>, whose blobs it holds), so an agent looks up only what changed.
    /// </summary>
    public IReadOnlyList<string> BlobDigests(string revision, byte[] manifest, string? applied, byte[]? appliedManifest)
    {
        if (!Shared)
        {
            return BundleManifest.Parse(manifest).BlobDigests();
        }

        var key = (revision, appliedManifest is null ? null : applied);
        return _blobsOf.GetOrAdd(key, _ =>
        {
            var had = appliedManifest is null ? [] : BundleManifest.Parse(appliedManifest).BlobDigests().ToHashSet(StringComparer.Ordinal);
            return BundleManifest.Parse(manifest).BlobDigests().Where(d => !had.Contains(d)).ToArray();
        });
    }

    /// <summary>True when <paramref name="content"/> is the blob <paramref name="digest"/>.</summary>
    public bool IsBlob(string digest, byte[] content)
    {
        if (Shared && _blobs.TryGetValue(digest, out var hashed))
        {
            return content.AsSpan().SequenceEqual(hashed);
        }

        if (ContentDigest.Of(content) != digest)
        {
            return false;
        }

        if (Shared)
        {
            _blobs.TryAdd(digest, content);
        }

        return true;
    }
}
