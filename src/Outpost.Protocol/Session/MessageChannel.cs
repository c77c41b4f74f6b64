using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace Outpost.Protocol.Session;

/// <summary>Length-prefixed JSON messages over one duplex stream; writes are serialised, reads are single-reader.</summary>
public sealed class MessageChannel : IAsyncDisposable
{
    /// <summary>Largest message accepted; a manifest of many thousand files still fits.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[4];

    public MessageChannel(Stream stream) => _stream = stream;

    /// <summary>Bytes written, for the benchmark's per-agent figures.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>A message as framed bytes, so one message sent to many sessions is serialised once.</summary>
    public static byte[] Frame(SessionMessage message)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, SessionJsonContext.Default.SessionMessage);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Raw content framed like a message (length first), to follow a message that announces it.</summary>
    public static byte[] RawFrame(ReadOnlySpan<byte> content)
    {
        var frame = new byte[4 + content.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, content.Length);
        content.CopyTo(frame.AsSpan(4));
        return frame;
    }

    public Task SendAsync(SessionMessage message, CancellationToken cancellationToken) => SendFramesAsync([Frame(message)], cancellationToken);

    /// <summary>Sends frames back to back, nothing else between them (a message and the raw frames it announces).</summary>
    public async Task SendFramesAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var frame in frames)
            {
                await _stream.WriteAsync(frame, cancellationToken);
                BytesWritten += frame.Length;
            }

            await _stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Size of the last message received, framing included (the benchmark reports it).</summary>
    public int LastMessageBytes { get; private set; }

    /// <summary>Reads the next message, or null when the other side closed the channel.</summary>
    public async Task<SessionMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var header = _header;
        if (!await FillAsync(header, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is <= 0 or > MaxMessageBytes)
        {
            throw new InvalidDataException($"A control message of {length} bytes is out of bounds.");
        }

        // Pooled: a desired revision is tens of KB, and ten thousand sessions get one each at once.
        SessionMessage? message;
        var payload = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!await FillAsync(payload.AsMemory(0, length), cancellationToken))
            {
                throw new EndOfStreamException("The session closed in the middle of a message.");
            }

            LastMessageBytes = 4 + length;
            message = JsonSerializer.Deserialize(payload.AsSpan(0, length), SessionJsonContext.Default.SessionMessage);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        if (message is DesiredRevision { ManifestFollows: true } withManifest)
        {
            var manifest = await ReceiveRawAsync(cancellationToken);
            LastMessageBytes += 4 + manifest.Length;
            message = withManifest.ManifestBase is null
                ? withManifest with { Manifest = manifest, ManifestFollows = false }
                : withManifest with { ManifestPatchBytes = manifest, ManifestFollows = false };
        }

        if (message is DesiredRevision { Attached.Count: > 0 } desired)
        {
            var content = new byte[desired.Attached.Count][];
            for (var i = 0; i < content.Length; i++)
            {
                content[i] = await ReceiveRawAsync(cancellationToken);
                LastMessageBytes += 4 + content[i].Length;
            }

            message = desired with { AttachedContent = content };
        }

        return message;
    }

    private async Task<byte[]> ReceiveRawAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(_header, cancellationToken))
        {
            throw new EndOfStreamException("The session closed before the raw frames its last message announced.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(_header);
        if (length is < 0 or > MaxMessageBytes)
        {
            throw new InvalidDataException($"An attached blob of {length} bytes is out of bounds.");
        }

        var content = new byte[length];
        if (!await FillAsync(content, cancellationToken))
        {
            throw new EndOfStreamException("The session closed in the middle of an attached blob.");
        }

        return content;
    }

    private async Task<bool> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("The session closed in the middle of a message.");
            }

            read += n;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }
}
