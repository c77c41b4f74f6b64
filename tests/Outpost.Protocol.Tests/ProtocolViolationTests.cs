using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

/// <summary>A raw websocket client speaks the frames by hand (type byte, big-endian channel id, payload) to a server multiplexer.</summary>
public sealed class ProtocolViolationTests
{
    private const byte Open = 1;
    private const byte Accept = 2;
    private const byte Data = 3;

    [Fact]
    public async Task More_data_than_the_window_allows_ends_the_session()
    {
        var accepted = new AcceptedChannels();
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, accepted.OnOffer);

        await SendAsync(sockets.Client, Open, 1, OpenPayload(64 * 1024, "raw"));
        var accept = await sockets.Client.ReceiveMessageAsync();
        Assert.Equal(Accept, accept[0]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(accept.AsSpan(1)));
        var window = (int)BinaryPrimitives.ReadUInt32BigEndian(accept.AsSpan(5));
        Assert.Equal(MuxChannelOptions.Default.ReceiveWindow, window);
        var channel = await accepted.NextAsync();
        Assert.Equal("raw", channel.Name);

        // The accepted channel's reader never reads, so no credit comes back: one byte past the window is a violation.
        for (var sent = 0; sent <= window;)
        {
            var size = Math.Min(32 * 1024, window + 1 - sent);
            await SendAsync(sockets.Client, Data, 1, new byte[size]);
            sent += size;
        }

        await server.Completion.Within();
        Assert.Contains("window", server.EndReason, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<IOException>(() => channel.Input.ReadAsync().Within());
    }

    [Fact]
    public async Task The_peer_is_told_why_with_a_protocol_error_close()
    {
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, new AcceptedChannels().OnOffer);

        await SendAsync(sockets.Client, Open, 2, OpenPayload(64 * 1024, "even"));

        var buffer = new byte[1024];
        var result = await sockets.Client.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).Within();
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, sockets.Client.CloseStatus);
        Assert.Contains("open", sockets.Client.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_with_the_other_sides_id_parity_ends_the_session()
    {
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, new AcceptedChannels().OnOffer);

        // Ids the client opens are odd; 2 is the server's own.
        await SendAsync(sockets.Client, Open, 2, OpenPayload(64 * 1024, "even"));

        await server.Completion.Within();
        Assert.Contains("open", server.EndReason, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<IOException>(() => server.OpenAsync("afterwards").Within());
    }

    [Fact]
    public async Task Reopening_an_open_channel_ends_the_session()
    {
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, new AcceptedChannels().OnOffer);

        await SendAsync(sockets.Client, Open, 1, OpenPayload(64 * 1024, "first"));
        Assert.Equal(Accept, (await sockets.Client.ReceiveMessageAsync())[0]);
        await SendAsync(sockets.Client, Open, 1, OpenPayload(64 * 1024, "again"));

        await server.Completion.Within();
        Assert.NotNull(server.EndReason);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { Data })]
    [InlineData(new byte[] { Data, 0, 0, 0 })]
    public async Task A_frame_shorter_than_its_header_ends_the_session(byte[] frame)
    {
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, new AcceptedChannels().OnOffer);

        await sockets.Client.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).Within();

        await server.Completion.Within();
        Assert.Contains("shorter", server.EndReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(200)]
    public async Task An_unknown_frame_type_ends_the_session(byte type)
    {
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, new AcceptedChannels().OnOffer);

        await SendAsync(sockets.Client, type, 1, [1, 2, 3, 4]);

        await server.Completion.Within();
        Assert.NotNull(server.EndReason);
    }

    [Fact]
    public async Task A_data_frame_larger_than_the_largest_frame_ends_the_session()
    {
        var accepted = new AcceptedChannels(_ => new MuxChannelOptions { ReceiveWindow = 1024 * 1024 });
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, accepted.OnOffer);
        await SendAsync(sockets.Client, Open, 1, OpenPayload(64 * 1024, "raw"));
        Assert.Equal(Accept, (await sockets.Client.ReceiveMessageAsync())[0]);

        await SendAsync(sockets.Client, Data, 1, new byte[(64 * 1024) + 1]);

        await server.Completion.Within();
        Assert.NotNull(server.EndReason);
    }

    [Fact]
    public async Task A_full_data_frame_of_64_KiB_payload_is_accepted_and_a_sender_keeps_its_messages_within_64_KiB()
    {
        var accepted = new AcceptedChannels(_ => new MuxChannelOptions { ReceiveWindow = 1024 * 1024 });
        using var sockets = await SocketPair.ConnectAsync();
        await using var server = ChannelMultiplexer.Start(sockets.Server, isClient: false, accepted.OnOffer);
        await SendAsync(sockets.Client, Open, 1, OpenPayload(1024 * 1024, "raw"));
        Assert.Equal(Accept, (await sockets.Client.ReceiveMessageAsync())[0]);

        // An older sender's full 64 KiB payload is still within the contract.
        await SendAsync(sockets.Client, Data, 1, new byte[64 * 1024]);
        var channel = await accepted.NextAsync();
        var read = await channel.Input.ReadAtLeastAsync(64 * 1024).AsTask().Within();
        Assert.Equal(64 * 1024, read.Buffer.Length);
        channel.Input.AdvanceTo(read.Buffer.End);

        // This side's own frames: header and payload fit a 64 KiB websocket message with its 8 bytes of header and mask.
        await channel.Output.WriteAsync(new byte[300_000]).AsTask().Within();
        var received = 0;
        while (received < 300_000)
        {
            var message = await sockets.Client.ReceiveMessageAsync();
            Assert.Equal(Data, message[0]);
            Assert.True(message.Length <= (64 * 1024) - 8, $"a data message of {message.Length} bytes");
            received += message.Length - 5;
        }

        Assert.Null(server.EndReason);
    }

    private static byte[] OpenPayload(uint window, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var payload = new byte[4 + nameBytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, window);
        nameBytes.CopyTo(payload, 4);
        return payload;
    }

    private static Task SendAsync(WebSocket socket, byte type, uint id, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), id);
        payload.CopyTo(frame, 5);
        return socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).Within();
    }
}
