using System.Net.Sockets;
using Outpost.Protocol.Tests.Support;
using Outpost.Protocol.Transport;

namespace Outpost.Protocol.Tests.Transport;

public sealed class CoalescingSocketStreamTests : IAsyncLifetime
{
    private Socket _peer = null!;
    private CoalescingSocketStream _stream = null!;

    public async Task InitializeAsync()
    {
        var (client, server) = await LoopbackSockets.ConnectAsync();
        _peer = server;
        _stream = new CoalescingSocketStream(client);
    }

    public Task DisposeAsync()
    {
        _stream.Dispose();
        _peer.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Held_writes_stay_in_the_stream_until_the_release_then_arrive_whole_and_in_order()
    {
        var parts = new[] { Data.Random(16_406), Data.Random(16_406), Data.Random(700) };
        _stream.Hold();
        foreach (var part in parts)
        {
            await _stream.WriteAsync(part).AsTask().Within();
        }

        // A loopback send is in the peer's queue when the call returns, so nothing may be there yet.
        Assert.Equal(0, _peer.Available);

        await _stream.ReleaseAsync(CancellationToken.None).AsTask().Within();
        var received = await ReceiveAsync(parts.Sum(p => p.Length));
        Assert.Equal(Data.Sha256(parts.SelectMany(p => p).ToArray()), Data.Sha256(received));
    }

    [Fact]
    public async Task Only_the_outermost_release_sends()
    {
        _stream.Hold();
        _stream.Hold();
        await _stream.WriteAsync(Data.Random(1000)).AsTask().Within();
        await _stream.ReleaseAsync(CancellationToken.None).AsTask().Within();
        Assert.Equal(0, _peer.Available);

        await _stream.ReleaseAsync(CancellationToken.None).AsTask().Within();
        Assert.Equal(1000, (await ReceiveAsync(1000)).Length);
    }

    [Fact]
    public async Task Writes_outside_a_hold_go_out_at_once()
    {
        var data = Data.Random(300);
        await _stream.WriteAsync(data).AsTask().Within();

        Assert.Equal(data, await ReceiveAsync(300));
    }

    [Fact]
    public async Task A_hold_that_grows_past_its_bound_sends_early_and_loses_nothing()
    {
        var data = Data.Random(1024 * 1024);
        var reading = ReceiveAsync(data.Length);
        _stream.Hold();
        for (var offset = 0; offset < data.Length; offset += 16_406)
        {
            await _stream.WriteAsync(data.AsMemory(offset, Math.Min(16_406, data.Length - offset))).AsTask().Within();
        }

        await _stream.ReleaseAsync(CancellationToken.None).AsTask().Within();
        Assert.Equal(Data.Sha256(data), Data.Sha256(await reading.Within()));
    }

    [Fact]
    public async Task Small_reads_are_served_from_one_receive_and_the_bytes_come_out_in_order()
    {
        var data = Data.Random(200_000);
        await _peer.SendAsync(data, SocketFlags.None).Within();
        _peer.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var buffer = new byte[5];
        int n;
        while ((n = await _stream.ReadAsync(buffer).AsTask().Within()) > 0)
        {
            received.Write(buffer, 0, n);
            // Alternate a TLS-header-sized read with a record-sized one, as SslStream does.
            buffer = buffer.Length == 5 ? new byte[16_401] : new byte[5];
        }

        Assert.Equal(Data.Sha256(data), Data.Sha256(received.ToArray()));
    }

    [Fact]
    public async Task A_zero_byte_read_waits_for_data_and_consumes_none_of_it()
    {
        var waiting = _stream.ReadAsync(Memory<byte>.Empty).AsTask();
        Assert.False(waiting.IsCompleted);

        await _peer.SendAsync(new byte[] { 1, 2, 3 }, SocketFlags.None).Within();
        Assert.Equal(0, await waiting.Within());
        var buffer = new byte[3];
        Assert.Equal(3, await _stream.ReadAtLeastAsync(buffer, 3).AsTask().Within());
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer);
    }

    [Fact]
    public async Task A_connection_the_peer_reset_fails_writes_with_an_IOException()
    {
        _peer.LingerState = new LingerOption(true, 0);
        _peer.Close();

        // The first sends may still be accepted before the reset is seen; one of a few must fail.
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await _stream.WriteAsync(Data.Random(64 * 1024)).AsTask().Within();
            }
        });
        Assert.IsType<SocketException>(error.InnerException);
    }

    private async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var n = await _peer.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None).AsTask().Within();
            Assert.NotEqual(0, n);
            total += n;
        }

        return buffer;
    }
}
