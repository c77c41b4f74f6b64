using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outpost.Bench.Tunnel;

/// <summary>The three measurements, run against one local port (the target itself, or a forward to it).</summary>
internal static class Measurements
{
    /// <summary>Downloads <paramref name="bytesPerStream"/> on each of <paramref name="streams"/> connections at once; returns bytes per second overall.</summary>
    public static async Task<double> ThroughputAsync(int port, int streams, long bytesPerStream)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => DownloadAsync(port, bytesPerStream)));
        return streams * bytesPerStream / clock.Elapsed.TotalSeconds;
    }

    private static async Task DownloadAsync(int port, long bytes)
    {
        using var socket = await ConnectAsync(port);
        var request = new byte[9];
        request[0] = (byte)'D';
        BinaryPrimitives.WriteInt64BigEndian(request.AsSpan(1), bytes);
        await socket.SendAsync(request, SocketFlags.None);
        var buffer = new byte[256 * 1024];
        long received = 0;
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            received += n;
        }

        if (received != bytes)
        {
            throw new IOException($"received {received} bytes of {bytes}");
        }
    }

    /// <summary>Round trips of <paramref name="size"/>-byte messages on one connection; returns each one's time in microseconds, sorted.</summary>
    public static async Task<double[]> RoundTripsAsync(int port, int count, int warmup, int size)
    {
        using var socket = await ConnectAsync(port);
        await socket.SendAsync(new[] { (byte)'E' }, SocketFlags.None);
        var message = new byte[size];
        var reply = new byte[size];
        var times = new double[count];
        for (var i = -warmup; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, SocketFlags.None);
            await BenchTarget.ReceiveExactlyAsync(socket, reply);
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        return times;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var socket = await ConnectAsync(port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
