using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Outpost.Protocol.Tunnels;

/// <summary>
/// Framing of the hub → operator direction of a stream: each chunk is a 4-byte big-endian length and the bytes, and an
/// error ends it as length <see cref="ErrorMarker"/>, a 2-byte length and the reason. A multiplexer channel can only end
/// cleanly, so without this the operator could not tell "the service closed" from "the site's session dropped".
/// </summary>
public static class TunnelFraming
{
    public const uint ErrorMarker = uint.MaxValue;

    public static void WriteHeader(PipeWriter writer, long length)
    {
        var span = writer.GetSpan(4);
        BinaryPrimitives.WriteUInt32BigEndian(span, checked((uint)length));
        writer.Advance(4);
    }

    public static async Task WriteErrorAsync(PipeWriter writer, string reason, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var length = Math.Min(text.Length, ushort.MaxValue);
        var frame = new byte[6 + length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, ErrorMarker);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)length);
        text.AsSpan(0, length).CopyTo(frame.AsSpan(6));
        await writer.WriteAsync(frame, ct);
    }

    /// <summary>Unframes <paramref name="from"/> into <paramref name="to"/>; an error frame completes <paramref name="to"/> with an <see cref="IOException"/> carrying the reason.</summary>
    public static async Task UnframeAsync(PipeReader from, PipeWriter to, CancellationToken ct)
    {
        long remaining = 0;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await from.ReadAsync(ct);
                var buffer = result.Buffer;
                var flush = false;
                while (true)
                {
                    if (remaining > 0)
                    {
                        var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
                        foreach (var segment in take)
                        {
                            to.Write(segment.Span);
                        }

                        remaining -= take.Length;
                        buffer = buffer.Slice(take.End);
                        flush |= take.Length > 0;
                        if (remaining > 0)
                        {
                            break;
                        }
                    }

                    if (buffer.Length < 4)
                    {
                        break;
                    }

                    var length = ReadUInt32(buffer);
                    if (length != ErrorMarker)
                    {
                        remaining = length;
                        buffer = buffer.Slice(4);
                        continue;
                    }

                    if (buffer.Length < 6 || buffer.Length < 6 + ReadUInt16(buffer.Slice(4)))
                    {
                        break;
                    }

                    var reasonLength = ReadUInt16(buffer.Slice(4));
                    failure = new IOException(Encoding.UTF8.GetString(buffer.Slice(6, reasonLength)));
                    from.AdvanceTo(buffer.End);
                    return;
                }

                from.AdvanceTo(buffer.Start, buffer.End);
                if (flush && (await to.FlushAsync(ct)).IsCompleted)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    if (remaining > 0 || buffer.Length > 0)
                    {
                        failure = new IOException("the stream was cut off in the middle of a frame");
                    }

                    return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
        }
        finally
        {
            await from.CompleteAsync();
            await to.CompleteAsync(failure);
        }
    }

    private static uint ReadUInt32(ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static ushort ReadUInt16(ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(bytes);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }
}
