using System.IO.Pipelines;
using System.Security.Cryptography;

namespace Outpost.Protocol.Tests.Support;

internal static class Data
{
    public static byte[] Random(int length)
    {
        var bytes = new byte[length];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Writes <paramref name="data"/> in <paramref name="chunk"/>-byte writes (each flushed), then completes the writer.</summary>
    public static async Task WriteAllAsync(PipeWriter writer, ReadOnlyMemory<byte> data, int chunk = 64 * 1024, bool complete = true)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            var result = await writer.WriteAsync(data.Slice(offset, Math.Min(chunk, data.Length - offset)));
            if (result.IsCompleted)
            {
                throw new IOException("the peer is gone");
            }
        }

        if (complete)
        {
            await writer.CompleteAsync();
        }
    }

    /// <summary>Reads until the writer completes.</summary>
    public static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        using var received = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.ToArray();
            }
        }
    }

    public static async Task WriteAllAsync(Stream stream, ReadOnlyMemory<byte> data, int chunk = 64 * 1024)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            await stream.WriteAsync(data.Slice(offset, Math.Min(chunk, data.Length - offset)));
        }

        await stream.FlushAsync();
    }

    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    /// <summary>Copies <paramref name="from"/>'s input to <paramref name="to"/>'s output until the input completes, then half-closes.</summary>
    public static async Task EchoAsync(PipeReader from, PipeWriter to)
    {
        while (true)
        {
            var result = await from.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await to.WriteAsync(segment);
            }

            from.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await to.CompleteAsync();
    }
}
