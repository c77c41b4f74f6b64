namespace Outpost.Bench.Fleet;

/// <summary>
/// What one agent saw of one revision: when it was applied, the bytes its desired-revision message (with any attached
/// blobs) and its fetched blobs took, and how many blobs came each way.
/// </summary>
internal sealed record ApplyRecord(long AppliedTimestamp, int MessageBytes, long BlobBytes, int BlobsFetched, int BlobsAttached);
