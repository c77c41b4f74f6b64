using System.Net.WebSockets;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

/// <summary>A send caught in flight when the websocket under the session is aborted (the peer went away meanwhile).</summary>
public sealed class AbortedSendTests
{
    [Fact]
    public async Task A_send_in_flight_when_the_websocket_is_aborted_ends_the_session_with_an_IOException()
    {
        using var transport = new GatedStream();
        using var socket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        await using var mux = ChannelMultiplexer.Start(socket, isClient: true);

        var sending = mux.SendAsync(MuxFrame.Create(MuxFrameType.Fin, 1, []), CancellationToken.None).AsTask();
        await transport.WriteStarted.Within();
        socket.Abort();
        transport.Release(new IOException("Broken pipe"));

        // The websocket reports this as OperationCanceledException; callers (a writer's Complete, a dispose) expect IOException.
        var failure = await Assert.ThrowsAsync<IOException>(() => sending.Within());
        Assert.Contains("the session ended", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(mux.EndReason);
    }
}
