namespace Outpost.Bench.Fleet;

/// <summary>One memory reading of the hub child: after a forced GC, with its live session count.</summary>
internal sealed record HubHeap(long LiveManagedBytes, long GcHeapBytes, int Sessions, long RssBytes);
