using System.Collections.Concurrent;

namespace Outpost.Bench.Fleet;

/// <summary>Counts, across all simulated agents, how many have applied each revision and how many sessions ended.</summary>
internal sealed class FleetProgress
{
    private readonly ConcurrentDictionary<string, Box> _applied = new(StringComparer.Ordinal);
    private int _ended;

    public int Ended => Volatile.Read(ref _ended);

    public void Applied(string revision) => Interlocked.Increment(ref _applied.GetOrAdd(revision, _ => new Box()).Value);

    public void SessionEnded() => Interlocked.Increment(ref _ended);

    public int AppliedCount(string revision) => _applied.TryGetValue(revision, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Waits until <paramref name="target"/> agents applied the revision or the time is up; the agents hold the exact times.</summary>
    public async Task<bool> WaitAsync(string revision, int target, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (AppliedCount(revision) < target)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, ct);
        }

        return true;
    }

    /// <summary>A mutable box for Interlocked counters in a dictionary.</summary>
    private sealed class Box
    {
        public int Value;
    }
}
