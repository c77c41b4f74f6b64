using System.Buffers;
using System.Net.Sockets;

namespace Outpost.Protocol.Transport;

/// <summary>
/// A connected socket as the stream under TLS, with fewer system calls than <see cref="NetworkStream"/>: it receives in
/// 64 KiB gulps (TLS asks for a 5-byte header and then a record, two calls each without it), and while a sender holds it
/// (<see cref="Hold"/>) it gathers writes, so the four TLS records of one 64 KiB frame leave in one send.
/// </summary>
public sealed class CoalescingSocketStream : Stream
{
    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxHeldBytes = 256 * 1024;

    private readonly Socket _socket;
    // TLS writes one record at a time, but a websocket's pong may come from its reader while a hold is being released.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _receiveBuffer;
    private int _receiveStart;
    private int _receiveEnd;
    private byte[]? _held;
    private int _heldCount;
    private int _holds;

    /// <summary>Takes ownership of <paramref name="socket"/>.</summary>
    public CoalescingSocketStream(Socket socket) => _socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Starts gathering writes until the matching <see cref="ReleaseAsync"/> (holds nest).</summary>
    public void Hold() => Interlocked.Increment(ref _holds);

    /// <summary>Ends a hold; the outermost one sends what was gathered.</summary>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _holds) > 0)
        {
            return;
        }

        await SendHeldUnlessHeldAsync(cancellationToken);
    }

    /// <summary>Sends what was gathered, unless a hold began meanwhile (its release will).</summary>
    private async Task SendHeldUnlessHeldAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_heldCount > 0 && Volatile.Read(ref _holds) == 0)
            {
                await SendHeldAsync(cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            // A zero-byte read waits for data without a buffer: idle connections hold none.
            return _receiveEnd > _receiveStart ? 0 : await ReceiveFromSocketAsync(buffer, cancellationToken);
        }

        if (_receiveEnd == _receiveStart)
        {
            if (buffer.Length >= ReceiveBufferSize)
            {
                return await ReceiveFromSocketAsync(buffer, cancellationToken);
            }

            _receiveBuffer ??= ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
            var received = await ReceiveFromSocketAsync(_receiveBuffer.AsMemory(0, ReceiveBufferSize), cancellationToken);
            if (received == 0)
            {
                return 0;
            }

            (_receiveStart, _receiveEnd) = (0, received);
        }

        var count = Math.Min(buffer.Length, _receiveEnd - _receiveStart);
        _receiveBuffer.AsSpan(_receiveStart, count).CopyTo(buffer.Span);
        _receiveStart += count;
        if (_receiveStart == _receiveEnd)
        {
            // Drained: give the buffer back, so a connection that goes idle holds none.
            ArrayPool<byte>.Shared.Return(_receiveBuffer!);
            _receiveBuffer = null;
            (_receiveStart, _receiveEnd) = (0, 0);
        }

        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await WriteLockedAsync(buffer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask WriteLockedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _holds) > 0 && _heldCount + buffer.Length <= MaxHeldBytes)
        {
            if (_held is null || _held.Length < _heldCount + buffer.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_heldCount + buffer.Length, 128 * 1024));
                _held?.AsSpan(0, _heldCount).CopyTo(grown);
                if (_held is not null)
                {
                    ArrayPool<byte>.Shared.Return(_held);
                }

                _held = grown;
            }

            buffer.Span.CopyTo(_held.AsSpan(_heldCount));
            _heldCount += buffer.Length;
            return;
        }

        if (_heldCount > 0)
        {
            await SendHeldAsync(cancellationToken);
        }

        await SendAllAsync(buffer, cancellationToken);
    }

    private async ValueTask SendHeldAsync(CancellationToken cancellationToken)
    {
        var held = _held!;
        var count = _heldCount;
        (_held, _heldCount) = (null, 0);
        try
        {
            await SendAllAsync(held.AsMemory(0, count), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (buffer.Length > 0)
            {
                var sent = await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
                buffer = buffer[sent..];
            }
        }
        catch (SocketException e)
        {
            // As NetworkStream does: callers above (TLS, websockets) expect an IOException for a broken connection.
            throw new IOException(e.Message, e);
        }
    }

    private async ValueTask<int> ReceiveFromSocketAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => SendHeldUnlessHeldAsync(cancellationToken);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }
}
