using System.Security.Cryptography;


namespace Outpost.IntegrationTests.Tunnels;

/// <summary>Test helpers that drive an open tunnel channel like a TCP client would.</summary>
internal static class TunnelStreams
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Writes <paramref name="data"/> while reading the echo; half-closes after writing; returns what came back.</summary>
    public static async Task<byte[]> EchoAsync(Outpost.Cli.Tunnels.TunnelStream channel, byte[] data)
    {
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 256 * 1024)
            {
                await channel.Output.WriteAsync(data.AsMemory(offset, Math.Min(256 * 1024, data.Length - offset)));
            }

            await channel.Output.CompleteAsync();
        });
        var received = await ReadToEndAsync(channel);
        await writing;
        return received;
    }

    public static async Task<byte[]> ReadToEndAsync(Outpost.Cli.Tunnels.TunnelStream channel)
    {
        using var buffer = new MemoryStream();
        await channel.Input.CopyToAsync(buffer).WaitAsync(Patience);
        await channel.Input.CompleteAsync();
        return buffer.ToArray();
    }

    public static byte[] Random(int length)
    {
        var data = new byte[length];
        System.Random.Shared.NextBytes(data);
        return data;
    }

    public static string Hash(byte[] data) => Convert.ToHexString(SHA256.HashData(data));
}
