using System.Collections.Concurrent;

namespace Outpost.Templating.Runtime;

/// <summary>
/// Shares repeated short strings (object keys, enum-like values) across parsed documents, so large data sets
/// keep fewer objects alive and the GC has less to move.
/// </summary>
internal static class StringCache
{
    private const int MaxEntries = 50_000;
    private const int MaxLength = 32;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static int s_count;

    public static string Share(string s)
    {
        if (s.Length > MaxLength)
        {
            return s;
        }
        if (Strings.TryGetValue(s, out var shared))
        {
            return shared;
        }
        // ConcurrentDictionary.Count takes every lock, so the size bound is tracked separately.
        if (Volatile.Read(ref s_count) >= MaxEntries)
        {
            return s;
        }
        if (Strings.TryAdd(s, s))
        {
            Interlocked.Increment(ref s_count);
            return s;
        }
        return Strings.TryGetValue(s, out shared) ? shared : s;
    }
}
