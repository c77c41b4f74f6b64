using System.Buffers;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class FlowControlTests
{
    [Fact]
    public async Task A_stalled_reader_stalls_only_its_own_writer_and_never_buffers_more_than_its_window()
    {
        const int window = 128 * 1024;
        var accepted = new AcceptedChannels(offer => offer.Name == "stalled" ? new MuxChannelOptions { ReceiveWindow = window } : null);
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var stalled = await pair.Client.OpenAsync("stalled").Within();
        var stalledAtServer = await accepted.ByNameAsync("stalled");
        var stalledData = Data.Random(2 * 1024 * 1024);
        var stalledWrite = Data.WriteAllAsync(stalled.Output, stalledData);

        // The writer may send one window's worth, then its flush waits for credit that does not come.
        await Timeouts.UntilAsync(() => Buffered(stalledAtServer, window) == window, "a full window at the stalled reader");

        // Meanwhile another channel of the same session moves 16 MiB to completion...
        var busy = await pair.Client.OpenAsync("busy").Within();
        var busyAtServer = await accepted.ByNameAsync("busy");
        var busyData = Data.Random(16 * 1024 * 1024);
        var busyRead = Data.ReadAllAsync(busyAtServer.Input);
        await Data.WriteAllAsync(busy.Output, busyData).Within();
        Assert.Equal(Data.Sha256(busyData), Data.Sha256(await busyRead.Within()));

        // ...and a small message on a third one still goes there and back.
        var ping = await pair.Client.OpenAsync("ping").Within();
        var pingAtServer = await accepted.ByNameAsync("ping");
        var echo = Data.EchoAsync(pingAtServer.Input, pingAtServer.Output);
        await Data.WriteAllAsync(ping.Output, "ping"u8.ToArray()).Within();
        Assert.Equal("ping"u8.ToArray(), await Data.ReadAllAsync(ping.Input).Within());
        await echo.Within();

        Assert.False(stalledWrite.IsCompleted, "the stalled channel's writer should still be waiting for credit");
        Assert.Equal(window, Buffered(stalledAtServer, window));

        var stalledRead = Data.ReadAllAsync(stalledAtServer.Input);
        await stalledWrite.Within();
        Assert.Equal(Data.Sha256(stalledData), Data.Sha256(await stalledRead.Within()));
    }

    [Fact]
    public async Task A_reader_that_leaves_with_a_full_window_gives_the_credit_back()
    {
        const int window = 64 * 1024;
        var accepted = new AcceptedChannels(_ => new MuxChannelOptions { ReceiveWindow = window });
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("leaver").Within();
        var server = await accepted.NextAsync();
        var write = Data.WriteAllAsync(client.Output, Data.Random(4 * 1024 * 1024));

        await Timeouts.UntilAsync(() => Buffered(server, window) == window, "a full window at the reader");
        Assert.False(write.IsCompleted);
        await server.Input.CompleteAsync();

        await write.Within();
        await server.Output.CompleteAsync();
        await Task.WhenAll(client.Completion, server.Completion).Within();
        Assert.Empty(await Data.ReadAllAsync(client.Input).Within());
    }

    [Fact]
    public async Task A_reader_that_leaves_after_reading_a_little_does_not_leave_the_writer_stuck()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("leaver").Within();
        var server = await accepted.NextAsync();
        var data = Data.Random(5 * 1024 * 1024);
        var write = Data.WriteAllAsync(client.Output, data);

        var first = await server.Input.ReadAsync().Within();
        var taken = Math.Min(1000, first.Buffer.Length);
        Assert.Equal(data.AsSpan(0, (int)taken).ToArray(), first.Buffer.Slice(0, taken).ToArray());
        server.Input.AdvanceTo(first.Buffer.GetPosition(taken));
        await server.Input.CompleteAsync();

        await write.Within();
        await server.Output.CompleteAsync();
        await Task.WhenAll(client.Completion, server.Completion).Within();

        // The session is none the worse for it.
        var next = await pair.Client.OpenAsync("next").Within();
        var nextAtServer = await accepted.NextAsync();
        var read = Data.ReadAllAsync(nextAtServer.Input);
        await Data.WriteAllAsync(next.Output, data).Within();
        Assert.Equal(Data.Sha256(data), Data.Sha256(await read.Within()));
    }

    /// <summary>What the reader could read right now, without consuming it; never more than the window.</summary>
    private static long Buffered(MuxChannel channel, int window)
    {
        if (!channel.Input.TryRead(out var result))
        {
            return 0;
        }

        var length = result.Buffer.Length;
        channel.Input.AdvanceTo(result.Buffer.Start);
        Assert.InRange(length, 0, window);
        return length;
    }
}
