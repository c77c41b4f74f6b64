using System.Net.Sockets;

namespace Outpost.Bench.Fleet;

/// <summary>A socket stream that counts bytes both ways into a <see cref="WireCounter"/>.</summary>
internal sealed class CountingNetworkStream(Socket socket, WireCounter counter) : NetworkStream(socket, ownsSocket: true)
{
    public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await base.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await base.ReadAsync(buffer, cancellationToken));

    public override void Write(byte[] buffer, int offset, int count)
    {
        base.Write(buffer, offset, count);
        counter.AddSent(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        base.Write(buffer);
        counter.AddSent(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await base.WriteAsync(buffer, cancellationToken);
        counter.AddSent(buffer.Length);
    }

    private int Count(int n)
    {
        counter.AddReceived(n);
        return n;
    }
}
