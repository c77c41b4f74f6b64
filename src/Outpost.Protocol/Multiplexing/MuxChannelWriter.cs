using System.Buffers;
using System.IO.Pipelines;

namespace Outpost.Protocol.Multiplexing;

/// <summary>
/// The channel's <see cref="PipeWriter"/>: bytes gather in one pooled buffer that leaves room for a frame header in front,
/// and a flush sends them as data frames as credit allows. Between flushes no buffer is held.
/// </summary>
internal sealed class MuxChannelWriter(MuxChannel channel) : PipeWriter
{
    private const int MinimumBuffer = 16 * 1024;
    private byte[]? _buffer;
    private int _written;
    private bool _completed;
    private CancellationTokenSource? _flushCancel;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _written;

    public override void Advance(int bytes)
    {
        if (_buffer is null || bytes < 0 || MuxFrame.HeaderBytes + _written + bytes > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes));
        }

        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(MuxFrame.HeaderBytes + _written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(MuxFrame.HeaderBytes + _written);
    }

    private void Ensure(int sizeHint)
    {
        if (_completed)
        {
            throw new InvalidOperationException($"the writer of channel '{channel.Name}' is completed");
        }

        var needed = MuxFrame.HeaderBytes + _written + Math.Max(sizeHint, 1);
        if (_buffer is not null && needed <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumBuffer, (_buffer?.Length ?? 0) * 2)));
        if (_buffer is not null)
        {
            _buffer.AsSpan(MuxFrame.HeaderBytes, _written).CopyTo(bigger.AsSpan(MuxFrame.HeaderBytes));
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_written > 0 && _buffer is not null)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _flushCancel = cancel;
            try
            {
                await channel.SendDataAsync(_buffer, _written, cancel.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new FlushResult(isCanceled: true, isCompleted: false);
            }
            finally
            {
                _flushCancel = null;
                // Sent or failed, the bytes are gone either way; idle channels hold no buffer.
                ReleaseBuffer();
            }
        }

        return new FlushResult(isCanceled: false, isCompleted: channel.PeerGone);
    }

    public override void CancelPendingFlush() => _flushCancel?.Cancel();

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        try
        {
            if (exception is not null)
            {
                channel.Reset(exception.Message);
                return;
            }

            await FlushAsync();
            await channel.SendFinAsync(CancellationToken.None);
        }
        catch (IOException)
        {
            // the channel was reset or the session ended: there is nobody left to tell
        }
        finally
        {
            _completed = true;
            ReleaseBuffer();
        }
    }

    public override void Complete(Exception? exception = null) => _ = CompleteAsync(exception).AsTask();

    internal void ReleaseBuffer()
    {
        var buffer = _buffer;
        _buffer = null;
        _written = 0;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
