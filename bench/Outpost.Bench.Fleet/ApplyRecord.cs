namespace Outpost.Bench.Fleet;

/// <summary>What one agent saw of one revision: when it was applied, and the bytes its desired-revision message and blobs took.</summary>
internal sealed record ApplyRecord(long AppliedTimestamp, int MessageBytes, long BlobBytes, int BlobsFetched);
