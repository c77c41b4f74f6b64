using System.IO.Pipelines;
using System.Text;

namespace Outpost.Protocol.Multiplexing;

/// <summary>
/// One channel of a <see cref="ChannelMultiplexer"/>: <see cref="Input"/> yields what the peer sends (consuming it returns
/// credit), <see cref="Output"/> sends (a flush waits for credit, so a slow reader slows only its own writer).
/// Completing the output cleanly sends a half close; completing it with an exception resets the channel with its message,
/// which the peer's reader gets as an <see cref="IOException"/>.
/// </summary>
public sealed class MuxChannel : IDisposable
{
    private readonly ChannelMultiplexer _mux;
    private readonly MuxChannelOptions _options;
    private readonly Pipe _inbound;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _creditWaiter;
    private long _sendCredit;
    private long _receivedUncredited;
    private long _consumedUncredited;
    private bool _finSent;
    private bool _finReceived;
    private bool _inboundDone;
    // The receive loop is putting a frame into _inbound: a completion from another thread waits for it (a PipeWriter is not
    // for two threads, and completing it under the loop's feet ends the whole session).
    private bool _inboundWriting;
    private bool _inboundCompletionDeferred;
    private Exception? _inboundCompletionError;
    private bool _readerDone;
    private string? _resetReason;
    private bool _disposed;

    internal MuxChannel(ChannelMultiplexer mux, uint id, string name, MuxChannelOptions options, int peerWindow, bool pendingOpen, bool peerReceiveOnly)
    {
        _mux = mux;
        _options = options;
        Id = id;
        Name = name;
        _sendCredit = peerWindow;
        _inbound = new Pipe(new PipeOptions(
            readerScheduler: options.InlineDelivery ? PipeScheduler.Inline : PipeScheduler.ThreadPool,
            writerScheduler: PipeScheduler.Inline,
            // The window bounds what is buffered; the receive loop must never wait on one channel.
            pauseWriterThreshold: 0,
            useSynchronizationContext: false));
        Input = new MuxChannelReader(this, _inbound.Reader);
        Output = new MuxChannelWriter(this);
        if (!pendingOpen)
        {
            _opened.TrySetResult();
        }

        // A receive-only side never sends: for it, its own end has happened already; for its peer, the other end has.
        _finSent = options.ReceiveOnly;
        if (peerReceiveOnly)
        {
            _finReceived = true;
            _inboundDone = true;
            _inbound.Writer.Complete();
        }
    }

    public uint Id { get; }

    public string Name { get; }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>Completes once both sides have finished sending, or the channel was reset, or the session ended.</summary>
    public Task Completion => _completion.Task;

    internal Task Opened => _opened.Task;

    /// <summary>A duplex stream over <see cref="Input"/> and <see cref="Output"/>; disposing it half-closes and releases the channel.</summary>
    public Stream AsStream() => new MuxChannelStream(this);

    /// <summary>Resets the channel: the peer's reader fails with <paramref name="reason"/>.</summary>
    public void Reset(string reason)
    {
        lock (_gate)
        {
            if (_resetReason is not null || (_finSent && _finReceived))
            {
                return;
            }

            _resetReason = reason;
            _finSent = true;
        }

        _mux.Post(MuxFrame.Create(MuxFrameType.Reset, Id, Encoding.UTF8.GetBytes(ChannelMultiplexer.Truncate(reason))));
        FailLocally(new IOException($"channel '{Name}' was reset: {reason}"));
    }

    /// <summary>
    /// Releases the channel like closing a socket: the peer sees a clean end of what this side sent (unless the output
    /// was already completed or reset), and what it sends afterwards is answered with a reset, so its writer learns.
    /// </summary>
    public void Dispose()
    {
        bool sendFin;
        TaskCompletionSource? waiter;
        bool completeInbound;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sendFin = !_finSent && _resetReason is null;
            _finSent = true;
            _readerDone = true;
            waiter = _creditWaiter;
            _creditWaiter = null;
            completeInbound = !_inboundDone;
            _inboundDone = true;
        }

        _mux.Forget(Id);
        if (sendFin)
        {
            _mux.Post(MuxFrame.Create(MuxFrameType.Fin, Id, []));
        }

        // The writer's buffer is left to the writer: a flush may still be sending from it.
        waiter?.TrySetException(new IOException($"channel '{Name}' was closed"));
        if (completeInbound)
        {
            CompleteInbound(null);
        }

        _opened.TrySetException(new IOException($"channel '{Name}' was closed"));
        _completion.TrySetResult();
    }

    // ---- sending ----

    /// <summary>Sends <paramref name="count"/> bytes that start at <see cref="MuxFrame.HeaderBytes"/> in <paramref name="buffer"/>, overwriting the bytes before each frame's payload with its header.</summary>
    internal async ValueTask SendDataAsync(byte[] buffer, int count, CancellationToken ct)
    {
        var offset = MuxFrame.HeaderBytes;
        while (count > 0)
        {
            var take = await TakeCreditAsync(Math.Min(count, MuxFrame.SendDataPayload), ct);
            var start = offset - MuxFrame.HeaderBytes;
            // The bytes before this payload belong to the previous frame, which has been sent: the header may go there.
            MuxFrame.WriteHeader(buffer.AsSpan(start), MuxFrameType.Data, Id);
            await _mux.SendAsync(buffer.AsMemory(start, MuxFrame.HeaderBytes + take), ct);
            offset += take;
            count -= take;
        }
    }

    private async ValueTask<int> TakeCreditAsync(int wanted, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                ThrowIfCannotSend();
                if (_sendCredit > 0)
                {
                    var take = (int)Math.Min(wanted, _sendCredit);
                    _sendCredit -= take;
                    return take;
                }

                _creditWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _creditWaiter.Task;
            }

            await wait.WaitAsync(ct);
        }
    }

    internal async ValueTask SendFinAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_finSent)
            {
                return;
            }

            ThrowIfCannotSend();
            _finSent = true;
        }

        await _mux.SendAsync(MuxFrame.Create(MuxFrameType.Fin, Id, []), ct);
        CompleteIfDone();
    }

    private void ThrowIfCannotSend()
    {
        if (_disposed)
        {
            throw new IOException($"channel '{Name}' was closed");
        }

        if (_resetReason is not null)
        {
            throw new IOException($"channel '{Name}' was reset: {_resetReason}");
        }

        if (_finSent)
        {
            throw new InvalidOperationException($"channel '{Name}' has finished sending");
        }
    }

    /// <summary>True once nothing more can be sent (for <see cref="PipeWriter.FlushAsync"/>'s IsCompleted).</summary>
    internal bool PeerGone
    {
        get
        {
            lock (_gate)
            {
                return _resetReason is not null;
            }
        }
    }

    // ---- receiving (called on the session's receive loop) ----

    internal PipeWriter? InboundWriter()
    {
        lock (_gate)
        {
            if (_inboundDone || _readerDone)
            {
                return null;
            }

            _inboundWriting = true;
            return _inbound.Writer;
        }
    }

    /// <summary>The receive loop is done with the writer <see cref="InboundWriter"/> gave it (frame flushed, or the session failed).</summary>
    internal void InboundWriteEnded()
    {
        bool complete;
        Exception? error;
        lock (_gate)
        {
            _inboundWriting = false;
            complete = _inboundCompletionDeferred;
            error = _inboundCompletionError;
            _inboundCompletionDeferred = false;
            _inboundCompletionError = null;
        }

        if (complete)
        {
            _inbound.Writer.Complete(error);
        }
    }

    private void CompleteInbound(Exception? error)
    {
        lock (_gate)
        {
            if (_inboundWriting)
            {
                _inboundCompletionDeferred = true;
                _inboundCompletionError = error;
                return;
            }
        }

        _inbound.Writer.Complete(error);
    }

    internal async ValueTask OnDataAsync(int count)
    {
        bool deliver;
        lock (_gate)
        {
            _receivedUncredited += count;
            if (_receivedUncredited > _options.ReceiveWindow)
            {
                throw new MultiplexerProtocolException($"the peer overran the window of channel '{Name}'");
            }

            deliver = !_inboundDone && !_readerDone;
        }

        // For a receive-only opener, the first data is the acceptance.
        _opened.TrySetResult();
        if (deliver)
        {
            await _inbound.Writer.FlushAsync();
        }
        else
        {
            // Nobody will read these bytes: give the window back so the peer's writer is not stuck on a dead reader.
            OnConsumed(count, force: true);
        }
    }

    internal void OnAccepted(uint window) => AddCredit(window, accepted: true);

    internal void OnCredit(uint credit) => AddCredit(credit, accepted: false);

    private void AddCredit(uint amount, bool accepted)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _sendCredit += amount;
            if (_sendCredit > int.MaxValue)
            {
                throw new MultiplexerProtocolException($"the peer gave channel '{Name}' more credit than a window can hold");
            }

            waiter = _creditWaiter;
            _creditWaiter = null;
        }

        waiter?.TrySetResult();
        if (accepted)
        {
            _opened.TrySetResult();
        }
    }

    internal void OnFin()
    {
        lock (_gate)
        {
            if (_finReceived)
            {
                return;
            }

            _finReceived = true;
            if (_inboundDone)
            {
                return;
            }

            _inboundDone = true;
        }

        _opened.TrySetResult();
        _inbound.Writer.Complete();
        CompleteIfDone();
    }

    internal void OnReset(string reason)
    {
        lock (_gate)
        {
            if (_resetReason is not null)
            {
                return;
            }

            _resetReason = reason;
            _finReceived = true;
        }

        var error = _opened.Task.IsCompleted
            ? new IOException(reason)
            : (Exception)new ChannelRejectedException(reason);
        _opened.TrySetException(error);
        FailLocally(error);
    }

    internal void OnSessionEnded(string reason)
    {
        lock (_gate)
        {
            _resetReason ??= $"the session ended ({reason})";
        }

        var error = new IOException($"the session ended ({reason})");
        _opened.TrySetException(error);
        FailLocally(error);
    }

    private void FailLocally(Exception error)
    {
        TaskCompletionSource? waiter;
        bool completeInbound;
        lock (_gate)
        {
            waiter = _creditWaiter;
            _creditWaiter = null;
            completeInbound = !_inboundDone;
            _inboundDone = true;
        }

        waiter?.TrySetException(error);
        if (completeInbound)
        {
            CompleteInbound(error);
        }

        _completion.TrySetResult();
    }

    private void CompleteIfDone()
    {
        lock (_gate)
        {
            if (!(_finSent && _finReceived))
            {
                return;
            }
        }

        _completion.TrySetResult();
    }

    // ---- consuming (called by the reader) ----

    internal void OnConsumed(long count, bool force = false)
    {
        uint credit;
        lock (_gate)
        {
            _consumedUncredited += count;
            // Credit in batches of a quarter window: fewer frames, and the sender never runs dry on a busy stream.
            if (_consumedUncredited <= 0 || (!force && _consumedUncredited < Math.Max(1, _options.ReceiveWindow / 4)) || _resetReason is not null)
            {
                return;
            }

            credit = (uint)_consumedUncredited;
            _receivedUncredited -= _consumedUncredited;
            _consumedUncredited = 0;
        }

        _mux.Post(MuxFrame.Create(MuxFrameType.Credit, Id, credit));
    }

    internal void OnReaderCompleted()
    {
        long unread;
        lock (_gate)
        {
            _readerDone = true;
            unread = _receivedUncredited - _consumedUncredited;
        }

        // What arrived but will never be read is given back, so the peer's writer is not stuck on a reader that left.
        OnConsumed(unread, force: true);
    }
}
