namespace Outpost.Bench.Fleet;

/// <summary>Bytes one agent's TCP connection carried (TLS records included), to compare with payload bytes.</summary>
internal sealed class WireCounter
{
    private long _received;
    private long _sent;

    public long Received => Interlocked.Read(ref _received);

    public long Sent => Interlocked.Read(ref _sent);

    public void AddReceived(int n) => Interlocked.Add(ref _received, n);

    public void AddSent(int n) => Interlocked.Add(ref _sent, n);
}
