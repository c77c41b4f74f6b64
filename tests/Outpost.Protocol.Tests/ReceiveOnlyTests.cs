using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

/// <summary>Receive-only channels (fetches): answered with data instead of an Accept, closed without a Fin.</summary>
public sealed class ReceiveOnlyTests
{
    private static readonly MuxChannelOptions ReceiveOnly = new() { ReceiveOnly = true };

    [Fact]
    public async Task A_fetch_gets_its_bytes_and_both_ends_complete()
    {
        var data = Data.Random(1024 * 1024);
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);

        var opening = pair.Client.OpenAsync("fetch", ReceiveOnly);
        var server = await accepted.NextAsync();
        // More than the client's window: the writer proceeds only as the client reads.
        var writing = Data.WriteAllAsync(server.Output, data);
        var client = await opening.Within();

        Assert.Equal(Data.Sha256(data), Data.Sha256(await Data.ReadAllAsync(client.Input).Within()));
        await writing.Within();
        await server.Completion.Within();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.Output.WriteAsync("no"u8.ToArray()));
        client.Dispose();
        await client.Completion.Within();
        Assert.False(pair.Client.Completion.IsCompleted);
        Assert.False(pair.Server.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_refused_fetch_fails_with_the_reason()
    {
        await using var pair = await MuxPair.StartAsync(offer => offer.Reject("not yours"));

        var error = await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("fetch", ReceiveOnly).Within());
        Assert.Contains("not yours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_acceptor_sends_data_first_and_no_accept()
    {
        var accepted = new AcceptedChannels();
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, accepted.OnOffer);

        var name = Encoding.UTF8.GetBytes("fetch");
        var frame = new byte[5 + 4 + name.Length];
        frame[0] = 1; // Open
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), 1);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (64 * 1024) | 0x8000_0000);
        name.CopyTo(frame, 9);
        await sockets.Client.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).Within();
        var channel = await accepted.NextAsync();
        await Data.WriteAllAsync(channel.Output, "content"u8.ToArray()).Within();

        var first = await sockets.Client.ReceiveMessageAsync();
        Assert.Equal(3, first[0]); // Data, not Accept
        Assert.Equal("content", Encoding.UTF8.GetString(first.AsSpan(5)));
        Assert.Equal(5, (await sockets.Client.ReceiveMessageAsync())[0]); // Fin
        await channel.Completion.Within();
    }
}
