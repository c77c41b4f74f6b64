using System.Buffers;

namespace Outpost.Protocol.Multiplexing;

/// <summary>A <see cref="Stream"/> over a channel, for consumers that speak streams (control messages, blob content).</summary>
internal sealed class MuxChannelStream(MuxChannel channel) : Stream
{
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await channel.Input.ReadAsync(cancellationToken);
            var available = result.Buffer;
            if (!available.IsEmpty || buffer.IsEmpty)
            {
                var take = (int)Math.Min(buffer.Length, available.Length);
                available.Slice(0, take).CopyTo(buffer.Span);
                channel.Input.AdvanceTo(available.GetPosition(take));
                return take;
            }

            channel.Input.AdvanceTo(available.End);
            if (result.IsCompleted)
            {
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await channel.Output.WriteAsync(buffer, cancellationToken);
        if (result.IsCompleted)
        {
            throw new IOException($"channel '{channel.Name}' was closed by the other side");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void WriteByte(byte value) => Write([value], 0, 1);

    public override Task FlushAsync(CancellationToken cancellationToken) => channel.Output.FlushAsync(cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await channel.Output.CompleteAsync();
        await channel.Input.CompleteAsync();
        channel.Dispose();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            channel.Output.Complete();
            channel.Input.Complete();
            channel.Dispose();
        }

        base.Dispose(disposing);
    }
}
