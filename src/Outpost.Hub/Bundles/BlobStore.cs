using Outpost.Protocol.Bundles;

namespace Outpost.Hub.Bundles;

/// <summary>Content-addressed blob files under DATA/blobs/sha256/; a blob is written once, verified, and renamed into place.</summary>
public sealed class BlobStore
{
    private readonly string _root;
    private readonly HotBlobCache _hot = new();

    public BlobStore(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "blobs", "sha256");
        Directory.CreateDirectory(_root);
    }

    public bool Has(string digest) => ContentDigest.IsValid(digest) && (_hot.TryGet(digest, out _) || File.Exists(PathOf(digest)));

    /// <summary>A small blob's bytes from memory (read once from disk); null when the blob is big or absent.</summary>
    public byte[]? ReadSmall(string digest)
    {
        if (_hot.TryGet(digest, out var cached))
        {
            return cached;
        }

        var info = new FileInfo(PathOf(digest));
        if (!ContentDigest.IsValid(digest) || !info.Exists || info.Length > HotBlobCache.MaxBlobBytes)
        {
            return null;
        }

        var content = File.ReadAllBytes(info.FullName);
        _hot.Add(digest, content);
        return content;
    }

    // No FileStream buffer: callers copy in chunks of their own, and thousands of fetches at once must stay small.
    public Stream OpenRead(string digest) => new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);

    public async Task PutAsync(string digest, Stream content, CancellationToken cancellationToken)
    {
        if (!ContentDigest.IsValid(digest))
        {
            throw new HubException(400, $"'{digest}' is not a sha256 digest");
        }

        if (Has(digest))
        {
            return;
        }

        var temp = Path.Combine(_root, $".upload-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Position = 0;
                var actual = await ContentDigest.OfStreamAsync(file, cancellationToken);
                if (actual != digest)
                {
                    throw new HubException(400, $"the uploaded content hashes to {actual}, not {digest}");
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, PathOf(digest), overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores content held in memory (e.g. a rendered file) and returns its digest.</summary>
    public async Task<string> PutBytesAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var digest = ContentDigest.Of(content.Span);
        if (!Has(digest))
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            await PutAsync(digest, stream, cancellationToken);
        }

        return digest;
    }

    private string PathOf(string digest) => Path.Combine(_root, ContentDigest.Hex(digest));
}
