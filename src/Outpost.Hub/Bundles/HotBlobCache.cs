using System.Collections.Concurrent;

namespace Outpost.Hub.Bundles;

/// <summary>
/// Small blobs kept in memory while they are hot: when a revision fans out to thousands of sites, each asks for the same
/// few changed files, and reading them from disk for every site costs more than sending them. Blobs never change (they
/// are named by their hash), so nothing ever goes stale; the total is bounded, and the cache starts over when full.
/// </summary>
public sealed class HotBlobCache(long budgetBytes = HotBlobCache.DefaultBudgetBytes)
{
    public const long DefaultBudgetBytes = 64L * 1024 * 1024;

    /// <summary>Blobs up to this size are cached; bigger ones stream from disk.</summary>
    public const int MaxBlobBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private long _bytes;

    public bool TryGet(string digest, out byte[] content) => _blobs.TryGetValue(digest, out content!);

    public void Add(string digest, byte[] content)
    {
        if (content.Length > MaxBlobBytes)
        {
            return;
        }

        if (Interlocked.Add(ref _bytes, content.Length) > budgetBytes)
        {
            // Crude but bounded: a fan-out refills it with what is hot now.
            _blobs.Clear();
            Interlocked.Exchange(ref _bytes, content.Length);
        }

        _blobs.TryAdd(digest, content);
    }
}
