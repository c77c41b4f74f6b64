using System.Collections.Concurrent;
using System.Collections.Frozen;
using Dapper;
using Outpost.Hub.Storage;
using Outpost.Protocol.Bundles;

namespace Outpost.Hub.Bundles;

/// <summary>Signed revisions (manifest + signature) and which site may read which revision and blob.</summary>
public sealed class RevisionStore(HubDatabase database, BlobStore blobs, Pki.CertificateAuthority ca, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SignedRevision> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FrozenSet<string>> _blobSets = new(StringComparer.Ordinal);

    /// <summary>Stores a manifest whose blobs are all present, signs it, and returns its revision (the manifest digest).</summary>
    public SignedRevision Create(byte[] manifestBytes)
    {
        BundleManifest manifest;
        try
        {
            manifest = BundleManifest.Parse(manifestBytes);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new HubException(400, $"the manifest is invalid: {e.Message}");
        }

        var digests = manifest.BlobDigests();
        var missing = digests.Where(d => !blobs.Has(d)).ToList();
        if (missing.Count > 0)
        {
            throw new HubException(400, $"the hub lacks {missing.Count} blob(s) of this manifest, first {missing[0]}; upload them first");
        }

        var digest = ContentDigest.Of(manifestBytes);
        var signature = BundleSigner.Sign(ca.SigningKey, manifestBytes);
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("INSERT INTO revisions (digest, manifest, signature, created_at) VALUES (@digest, @manifestBytes, @signature, @now) ON CONFLICT(digest) DO NOTHING",
            new { digest, manifestBytes, signature, now = time.GetUtcNow().ToString("O") }, tx);
        foreach (var blob in digests)
        {
            connection.Execute("INSERT OR IGNORE INTO revision_blobs (revision, blob) VALUES (@digest, @blob)", new { digest, blob }, tx);
        }

        tx.Commit();
        return Get(digest) ?? throw new InvalidOperationException("The revision just written is missing.");
    }

    public SignedRevision? Get(string revision)
    {
        if (_cache.TryGetValue(revision, out var cached))
        {
            return cached;
        }

        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(byte[] Manifest, string Signature)>(
            "SELECT manifest, signature FROM revisions WHERE digest = @revision", new { revision });
        if (row.Manifest is null)
        {
            return null;
        }

        return _cache.GetOrAdd(revision, new SignedRevision(revision, row.Manifest, row.Signature));
    }

    /// <summary>Finds a revision by full digest or an unambiguous prefix of its hex (as people type it).</summary>
    public string? Resolve(string reference)
    {
        var hex = reference.StartsWith(ContentDigest.Prefix, StringComparison.Ordinal) ? reference[ContentDigest.Prefix.Length..] : reference;
        using var connection = database.Open();
        var matches = connection.Query<string>("SELECT digest FROM revisions WHERE digest LIKE @p LIMIT 2", new { p = ContentDigest.Prefix + hex + "%" }).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => null,
            _ => throw new HubException(400, $"revision '{reference}' is ambiguous; give more digits"),
        };
    }

    public bool SiteMayReadRevision(string siteId, string revision)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM site_revisions WHERE site_id = @siteId AND revision = @revision", new { siteId, revision }) > 0;
    }

    /// <summary>Whether a revision's manifest names the blob (its files or its config); from memory after the first ask.</summary>
    public bool RevisionHasBlob(string revision, string blob)
    {
        if (!_blobSets.TryGetValue(revision, out var set))
        {
            if (Get(revision) is not { } signed)
            {
                return false;
            }

            var manifest = BundleManifest.Parse(signed.Manifest);
            set = manifest.BlobDigests().ToFrozenSet(StringComparer.Ordinal);
            if (_blobSets.Count >= 256)
            {
                _blobSets.Clear();
            }

            _blobSets.TryAdd(revision, set);
        }

        return set.Contains(blob);
    }

    /// <summary>A site may read a blob only when a revision assigned to it references that blob.</summary>
    public bool SiteMayReadBlob(string siteId, string blob)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>(
            "SELECT EXISTS (SELECT 1 FROM revision_blobs rb JOIN site_revisions sr ON sr.revision = rb.revision WHERE sr.site_id = @siteId AND rb.blob = @blob)",
            new { siteId, blob }) == 1;
    }
}
