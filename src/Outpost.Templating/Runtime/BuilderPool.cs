using System.Text;

namespace Outpost.Templating.Runtime;

/// <summary>Per-thread reusable StringBuilders for render output and captures (macros, set blocks, filters).</summary>
internal static class BuilderPool
{
    private const int MaxPooled = 8;
    private const int MaxRetainedCapacity = 64 * 1024;

    [ThreadStatic]
    private static Stack<StringBuilder>? t_pool;

    public static StringBuilder Rent()
    {
        var pool = t_pool;
        return pool is { Count: > 0 } ? pool.Pop() : new StringBuilder(256);
    }

    /// <summary>Returns the text and gives the builder back to this thread's pool.</summary>
    public static string ToStringAndReturn(StringBuilder sb)
    {
        var s = sb.ToString();
        Return(sb);
        return s;
    }

    public static void Return(StringBuilder sb)
    {
        if (sb.Capacity > MaxRetainedCapacity)
        {
            return;
        }
        sb.Clear();
        var pool = t_pool ??= new Stack<StringBuilder>(MaxPooled);
        if (pool.Count < MaxPooled)
        {
            pool.Push(sb);
        }
    }
}
