using System.Buffers.Binary;

namespace Outpost.Protocol.Multiplexing;

/// <summary>
/// The multiplexer's frame: one websocket binary message holding a type byte, a 4-byte big-endian channel id and a payload.
/// One message per frame means the websocket does the framing, and a receiver can read the header alone before it
/// decides where the payload goes (straight into the channel's buffer).
/// </summary>
internal static class MuxFrame
{
    public const int HeaderBytes = 5;

    /// <summary>Largest data payload a receiver accepts in one frame: big enough to amortise per-message work, small enough to interleave streams.</summary>
    public const int MaxDataPayload = 64 * 1024;

    /// <summary>
    /// Largest data payload a sender puts in one frame: the whole websocket message (4-byte header, 4-byte mask, this
    /// frame's header and the payload) is then exactly 64 KiB, which TLS sends as four full records. At 64 KiB of payload
    /// the message is a few bytes longer and each frame cost a fifth record (and encryption call) for those bytes.
    /// </summary>
    public const int SendDataPayload = MaxDataPayload - 4 - 4 - HeaderBytes;

    /// <summary>
    /// Set in an Open's window field when the opener will never send on the channel (a fetch): the acceptor then answers
    /// with data straight away, without an Accept, and the opener closes without a Fin. Two messages fewer per fetch.
    /// </summary>
    public const uint ReceiveOnlyFlag = 0x8000_0000;

    /// <summary>Largest payload of the other frames (channel names, reasons).</summary>
    public const int MaxControlPayload = 8 * 1024;

    public static void WriteHeader(Span<byte> destination, MuxFrameType type, uint channelId)
    {
        destination[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], channelId);
    }

    public static byte[] Create(MuxFrameType type, uint channelId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderBytes + payload.Length];
        WriteHeader(frame, type, channelId);
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    public static byte[] Create(MuxFrameType type, uint channelId, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        return Create(type, channelId, payload);
    }
}

/// <summary>What a multiplexer frame says.</summary>
internal enum MuxFrameType : byte
{
    /// <summary>Opens a channel: the opener's receive window (uint32, high bit <see cref="MuxFrame.ReceiveOnlyFlag"/>) and the channel's name (UTF-8).</summary>
    Open = 1,

    /// <summary>Accepts an offered channel: the acceptor's receive window (uint32).</summary>
    Accept = 2,

    /// <summary>Bytes of the channel, at most the receiver's remaining window.</summary>
    Data = 3,

    /// <summary>The receiver consumed this many bytes (uint32): the sender may send that many more.</summary>
    Credit = 4,

    /// <summary>The sender will send no more data on the channel (a half close).</summary>
    Fin = 5,

    /// <summary>The channel is over with an error (or was refused before it was accepted): the reason in UTF-8.</summary>
    Reset = 6,
}
