using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace Outpost.Protocol.Multiplexing;

/// <summary>
/// Many channels over one websocket, each with its own credit-based flow control (see <see cref="MuxFrame"/>).
/// Written for Outpost's sessions rather than taken from a library because ten thousand idle sessions must be cheap: an idle
/// session waits with a zero-byte receive and holds no buffer, and a frame's payload is received straight into its channel.
/// </summary>
public sealed class ChannelMultiplexer : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private const int CoalesceAbove = 16 * 1024;

    private readonly WebSocket _socket;
    private readonly Transport.CoalescingSocketStream? _transport;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<uint, MuxChannel> _channels = [];
    private readonly Action<ChannelOffer>? _onOffer;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ending = new();
    private uint _nextId;
    private int _ended;
    private long _bytesReceived;

    private ChannelMultiplexer(WebSocket socket, bool isClient, Action<ChannelOffer>? onOffer, Transport.CoalescingSocketStream? transport)
    {
        _socket = socket;
        _transport = transport;
        _onOffer = onOffer;
        // Each side numbers the channels it opens apart from the other's, so ids never collide.
        _nextId = isClient ? 1u : 2u;
    }

    /// <summary>Completes when the session has ended, for whatever reason (<see cref="EndReason"/>).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the session ended, once it has.</summary>
    public string? EndReason { get; private set; }

    /// <summary>
    /// Frame bytes received so far, on every channel. Bytes arriving are a live peer: on a slow link a heartbeat may wait
    /// behind a download for longer than the silence that would otherwise end the session.
    /// </summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>
    /// Starts the receive loop over <paramref name="socket"/>. The websocket client side passes <paramref name="isClient"/>;
    /// <paramref name="onOffer"/> decides on channels the peer opens (null refuses them all).
    /// </summary>
    public static ChannelMultiplexer Start(WebSocket socket, bool isClient, Action<ChannelOffer>? onOffer = null, Transport.CoalescingSocketStream? transport = null)
    {
        var mux = new ChannelMultiplexer(socket, isClient, onOffer, transport);
        _ = Task.Run(mux.ReceiveLoopAsync);
        return mux;
    }

    /// <summary>Opens a channel and waits for the peer to accept it; a refusal throws <see cref="ChannelRejectedException"/>.</summary>
    public async Task<MuxChannel> OpenAsync(string name, MuxChannelOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= MuxChannelOptions.Default;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > MuxFrame.MaxControlPayload - 4)
        {
            throw new ArgumentException($"A channel name of {nameBytes.Length} bytes is too long.", nameof(name));
        }

        MuxChannel channel;
        lock (_channels)
        {
            ThrowIfEnded();
            channel = new MuxChannel(this, _nextId, name, options, peerWindow: 0, pendingOpen: true, peerReceiveOnly: false);
            _nextId += 2;
            _channels.Add(channel.Id, channel);
        }

        var payload = new byte[4 + nameBytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)options.ReceiveWindow | (options.ReceiveOnly ? MuxFrame.ReceiveOnlyFlag : 0));
        nameBytes.CopyTo(payload, 4);
        try
        {
            await SendAsync(MuxFrame.Create(MuxFrameType.Open, channel.Id, payload), cancellationToken);
            await channel.Opened.WaitAsync(cancellationToken);
            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    internal MuxChannel AcceptOffer(uint id, string name, int peerWindow, bool peerReceiveOnly, MuxChannelOptions options)
    {
        var channel = new MuxChannel(this, id, name, options, peerWindow, pendingOpen: false, peerReceiveOnly);
        lock (_channels)
        {
            ThrowIfEnded();
            _channels.Add(id, channel);
        }

        if (!peerReceiveOnly)
        {
            // A receive-only opener learns of the acceptance from the first data or the end; it needs no window of ours.
            Post(MuxFrame.Create(MuxFrameType.Accept, id, (uint)options.ReceiveWindow));
        }

        return channel;
    }

    internal void RejectOffer(uint id, string reason) => Post(MuxFrame.Create(MuxFrameType.Reset, id, Encoding.UTF8.GetBytes(Truncate(reason))));

    internal void Forget(uint id)
    {
        lock (_channels)
        {
            _channels.Remove(id);
        }
    }

    /// <summary>Sends one frame. Cancellation only applies while waiting for the socket: a frame half sent would break the session.</summary>
    internal async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfEnded();
            // A frame larger than one TLS record leaves as several records: gathered, they take one system call.
            var hold = _transport is not null && frame.Length > CoalesceAbove;
            if (hold)
            {
                _transport!.Hold();
            }

            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            }
            finally
            {
                if (hold)
                {
                    await _transport!.ReleaseAsync(CancellationToken.None);
                }
            }
        }
        // A websocket aborted while it sends (the receive side saw the peer go) throws OperationCanceledException, though
        // the send was given no token: it is the transport failing all the same.
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException or OperationCanceledException)
        {
            End("sending failed: " + (e is OperationCanceledException && e.InnerException is { } cause ? cause : e).Message);
            throw new IOException($"the session ended ({EndReason})", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a frame without waiting (credits, answers to offers); a failure ends the session, which everyone sees.</summary>
    internal void Post(byte[] frame)
    {
        _ = PostAsync(frame);

        async Task PostAsync(byte[] f)
        {
            try
            {
                await SendAsync(f, CancellationToken.None);
            }
            catch (IOException)
            {
                // the session is over; its channels have been told
            }
        }
    }

    internal static string Truncate(string reason) => reason.Length > 1024 ? reason[..1024] : reason;

    private void ThrowIfEnded()
    {
        if (Volatile.Read(ref _ended) != 0)
        {
            throw new IOException($"the session ended ({EndReason ?? "closed"})");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var header = new byte[MuxFrame.HeaderBytes];
        var reason = "the connection closed";
        try
        {
            var ct = _ending.Token;
            while (true)
            {
                // A zero-byte receive waits for the next message without holding a buffer: what idle sessions cost.
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, ct);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    reason = "the peer closed the session";
                    break;
                }

                var (got, end) = (0, first.EndOfMessage);
                while (got < header.Length && !end)
                {
                    var result = await _socket.ReceiveAsync(header.AsMemory(got), ct);
                    got += result.Count;
                    Received(result.Count);
                    end = result.EndOfMessage;
                }

                if (got < header.Length)
                {
                    throw new MultiplexerProtocolException("a frame shorter than its header");
                }

                var type = (MuxFrameType)header[0];
                var id = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                if (type == MuxFrameType.Data)
                {
                    await ReceiveDataAsync(id, end, ct);
                }
                else
                {
                    var payload = end ? [] : await ReceiveRestAsync(ct);
                    Dispatch(type, id, payload);
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = EndReason ?? "the session was closed";
        }
        catch (MultiplexerProtocolException e)
        {
            reason = e.Message;
            End(reason);
            // Tell the peer why before the connection goes, so a broken agent's log says what it did wrong.
            await CloseAfterViolationAsync(reason);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            reason = e.Message;
        }
        finally
        {
            End(reason);
        }
    }

    // Only the receive loop writes the count; readers on other threads see whole values.
    private void Received(int bytes) => Volatile.Write(ref _bytesReceived, _bytesReceived + bytes);

    private async Task CloseAfterViolationAsync(string reason)
    {
        // The close reason of a websocket is at most 123 bytes.
        await TryCloseOutputAsync(WebSocketCloseStatus.ProtocolError, reason.Length > 100 ? reason[..100] : reason);
        _socket.Abort();
    }

    /// <summary>Sends a websocket close after any frame being sent; gives up after a moment when the peer does not read.</summary>
    private async Task TryCloseOutputAsync(WebSocketCloseStatus status, string? text)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await _socket.CloseOutputAsync(status, text, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // the peer is gone already
        }
    }

    private async Task ReceiveDataAsync(uint id, bool end, CancellationToken ct)
    {
        MuxChannel? channel;
        lock (_channels)
        {
            _channels.TryGetValue(id, out channel);
        }

        var writer = channel?.InboundWriter();
        var total = 0;
        byte[]? scratch = null;
        try
        {
            while (!end)
            {
                // Straight into the channel's buffer; a channel that is gone gets its bytes dropped.
                var target = writer is not null ? writer.GetMemory(16 * 1024) : (scratch ??= ArrayPool<byte>.Shared.Rent(16 * 1024));
                var result = await _socket.ReceiveAsync(target, ct);
                total += result.Count;
                Received(result.Count);
                end = result.EndOfMessage;
                if (total > MuxFrame.MaxDataPayload)
                {
                    throw new MultiplexerProtocolException($"a data frame larger than {MuxFrame.MaxDataPayload} bytes");
                }

                writer?.Advance(result.Count);
            }

            if (channel is not null)
            {
                await channel.OnDataAsync(total);
            }
            else
            {
                // Data for a channel this side has closed: a reset tells the peer's writer that nobody reads any more.
                Post(MuxFrame.Create(MuxFrameType.Reset, id, "the channel is closed"u8));
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            if (writer is not null)
            {
                channel?.InboundWriteEnded();
            }
        }
    }

    private async Task<byte[]> ReceiveRestAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MuxFrame.MaxControlPayload + 1);
        try
        {
            var got = 0;
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(got), ct);
                got += result.Count;
                Received(result.Count);
                if (got > MuxFrame.MaxControlPayload)
                {
                    throw new MultiplexerProtocolException($"a control frame larger than {MuxFrame.MaxControlPayload} bytes");
                }

                if (result.EndOfMessage)
                {
                    return buffer.AsSpan(0, got).ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(MuxFrameType type, uint id, byte[] payload)
    {
        MuxChannel? channel;
        lock (_channels)
        {
            _channels.TryGetValue(id, out channel);
        }

        switch (type)
        {
            case MuxFrameType.Open:
                OnOpen(id, channel, payload);
                break;
            case MuxFrameType.Accept:
                channel?.OnAccepted(ReadUInt32(payload, type));
                break;
            case MuxFrameType.Credit:
                channel?.OnCredit(ReadUInt32(payload, type));
                break;
            case MuxFrameType.Fin:
                channel?.OnFin();
                break;
            case MuxFrameType.Reset:
                channel?.OnReset(Encoding.UTF8.GetString(payload));
                break;
            default:
                throw new MultiplexerProtocolException($"unknown frame type {(byte)type}");
        }
    }

    private void OnOpen(uint id, MuxChannel? existing, byte[] payload)
    {
        var field = ReadUInt32(payload, MuxFrameType.Open);
        var window = field & ~MuxFrame.ReceiveOnlyFlag;
        // The peer opens ids of its own parity only; anything else (or a reused id) is a broken or hostile peer.
        if (existing is not null || (id & 1) == (_nextId & 1))
        {
            throw new MultiplexerProtocolException($"a bad open of channel {id}");
        }

        var offer = new ChannelOffer(this, id, Encoding.UTF8.GetString(payload.AsSpan(4)), (int)window, (field & MuxFrame.ReceiveOnlyFlag) != 0);
        try
        {
            _onOffer?.Invoke(offer);
        }
        catch (Exception e) when (!offer.Decided)
        {
            // A handler's failure refuses its channel, not the whole session.
            offer.Reject($"channel '{offer.Name}' could not be opened: {e.Message}");
        }

        if (!offer.Decided)
        {
            offer.Reject($"this side does not take channel '{offer.Name}'");
        }
    }

    private static uint ReadUInt32(byte[] payload, MuxFrameType type) =>
        payload.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : throw new MultiplexerProtocolException($"a short {type} frame");

    private void End(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        EndReason = reason;
        MuxChannel[] channels;
        lock (_channels)
        {
            channels = [.. _channels.Values];
            _channels.Clear();
        }

        foreach (var channel in channels)
        {
            channel.OnSessionEnded(reason);
        }

        _ending.Cancel();
        _completion.TrySetResult();
    }

    /// <summary>Ends the session: every channel fails, the peer gets a websocket close.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _ended) == 0 && _socket.State == WebSocketState.Open)
        {
            await TryCloseOutputAsync(WebSocketCloseStatus.NormalClosure, null);
        }

        End("the session was closed");
        _socket.Abort();
    }
}
