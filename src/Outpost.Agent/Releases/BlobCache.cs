using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Releases;

/// <summary>Content-addressed blob files under <c>DATA/blobs/sha256/&lt;hex&gt;</c>; a blob is only ever visible complete and verified.</summary>
public sealed class BlobCache
{
    private const string TempPrefix = ".tmp-";
    private readonly ILogger _logger;

    // Temp files of puts in flight, so that a concurrent Prune leaves them alone.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    // Blobs stored since the current (or last) Prune began: it keeps them whatever its keep list, which it may have read before they came.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _storedSincePrune = new(StringComparer.Ordinal);

    public BlobCache(string dataDirectory, ILogger<BlobCache>? logger = null)
    {
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), "blobs", "sha256");
        System.IO.Directory.CreateDirectory(Directory);
        _logger = logger ?? NullLogger<BlobCache>.Instance;
    }

    /// <summary>The directory holding the blob files.</summary>
    public string Directory { get; }

    public bool Has(string digest) => File.Exists(PathOf(digest));

    /// <summary>The file of a blob (which may not exist); the digest is checked so it can never name a path outside the cache.</summary>
    public string PathOf(string digest) => Path.Combine(Directory, ContentDigest.Hex(digest));

    /// <summary>Stores a blob, refusing content whose sha256 is not <paramref name="digest"/>.</summary>
    public async Task PutAsync(string digest, Stream content, CancellationToken ct)
    {
        var target = PathOf(digest);
        var temp = Path.Combine(Directory, TempPrefix + ContentDigest.Hex(digest)[..16] + "-" + Guid.NewGuid().ToString("N"));
        _inFlight[temp] = 0;
        try
        {
            string actual;
            long size;
            await using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous }))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                actual = ContentDigest.Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
                size = file.Length;
                if (actual != digest)
                {
                    throw new InvalidDataException($"Blob content does not match its digest: expected {digest}, got {actual} ({size} bytes); refused.");
                }

                // The bytes must be on disk before the name says the blob is there.
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
            _storedSincePrune[Path.GetFileName(target)] = 0;
            UnixFileSystem.FsyncDirectory(Directory);
            _logger.LogDebug("Stored blob {Digest} ({Size} bytes)", digest, size);
        }
        finally
        {
            File.Delete(temp);
            _inFlight.TryRemove(temp, out _);
        }
    }

    public Stream OpenRead(string digest)
    {
        var path = PathOf(digest);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous)
            : throw new FileNotFoundException($"Blob {digest} is not in the cache.", path);
    }

    /// <summary>Removes one blob (no error if it is not there).</summary>
    public void Delete(string digest)
    {
        File.Delete(PathOf(digest));
        _logger.LogWarning("Deleted blob {Digest} from the cache", digest);
    }

    /// <summary>
    /// Deletes every blob not in <paramref name="keepDigests"/>, and temp files left by an interrupted put. The list is read
    /// once the prune has begun, and a blob stored from then on is kept even if the list does not name it.
    /// </summary>
    public void Prune(IEnumerable<string> keepDigests)
    {
        _storedSincePrune.Clear();
        var keep = keepDigests.Where(ContentDigest.IsValid).Select(ContentDigest.Hex).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (!keep.Contains(name) && !_inFlight.ContainsKey(path) && !_storedSincePrune.ContainsKey(name))
            {
                File.Delete(path);
                removed++;
            }
        }

        _logger.LogInformation("Pruned {Removed} blobs, kept {Kept}", removed, keep.Count);
    }
}
