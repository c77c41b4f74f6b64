using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Outpost.Protocol.Tunnels;

/// <summary>Moves a tunnel stream's bytes between pipes and sockets, honouring back-pressure and counting what passed.</summary>
public static class TunnelPump
{
    private const int ReceiveChunk = 64 * 1024;

    /// <summary>Copies until the reader completes, then completes the writer (a half close travels on).</summary>
    public static async Task<long> PipeToPipeAsync(PipeReader from, PipeWriter to, Action<long>? progress, CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            var result = await from.ReadAsync(ct);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                to.Write(segment.Span);
            }

            total += buffer.Length;
            progress?.Invoke(buffer.Length);
            from.AdvanceTo(buffer.End);
            if (buffer.Length > 0)
            {
                // Waits while the far side's window is full: this is what keeps a stalled reader's memory bounded.
                var flush = await to.FlushAsync(ct);
                if (flush.IsCompleted)
                {
                    break;
                }
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        await from.CompleteAsync();
        await to.CompleteAsync();
        return total;
    }

    /// <summary>Copies what the socket receives into the pipe until the peer shuts down its sending side.</summary>
    public static async Task<long> SocketToPipeAsync(Socket from, PipeWriter to, CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            var memory = to.GetMemory(ReceiveChunk);
            var read = await from.ReceiveAsync(memory, SocketFlags.None, ct);
            if (read == 0)
            {
                break;
            }

            to.Advance(read);
            total += read;
            var flush = await to.FlushAsync(ct);
            if (flush.IsCompleted)
            {
                break;
            }
        }

        await to.CompleteAsync();
        return total;
    }

    /// <summary>Sends what the pipe yields to the socket, then shuts the socket's sending side.</summary>
    public static async Task<long> PipeToSocketAsync(PipeReader from, Socket to, CancellationToken ct)
    {
        long total = 0;
        List<ArraySegment<byte>>? gather = null;
        while (true)
        {
            var result = await from.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.IsSingleSegment)
            {
                await to.SendAsync(buffer.First, SocketFlags.None, ct);
            }
            else if (TryGather(buffer, gather ??= []))
            {
                // A frame arrives in several buffers; one gathering send passes them to the kernel in one call.
                await to.SendAsync(gather, SocketFlags.None);
            }
            else
            {
                foreach (var segment in buffer)
                {
                    await to.SendAsync(segment, SocketFlags.None, ct);
                }
            }

            total += buffer.Length;
            from.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await from.CompleteAsync();
        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // the peer is gone already; the receiving pump sees that
        }

        return total;
    }

    private static bool TryGather(ReadOnlySequence<byte> buffer, List<ArraySegment<byte>> gather)
    {
        gather.Clear();
        foreach (var segment in buffer)
        {
            if (!MemoryMarshal.TryGetArray(segment, out var array))
            {
                return false;
            }

            gather.Add(array);
        }

        return true;
    }
}
