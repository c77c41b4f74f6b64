using System.Net.WebSockets;

namespace Outpost.Protocol.Tests.Support;

/// <summary>Reads whole websocket messages on a raw (multiplexer-less) socket, for tests that speak frames by hand.</summary>
internal static class RawMessages
{
    public static async Task<byte[]> ReceiveMessageAsync(this WebSocket socket)
    {
        var buffer = new byte[128 * 1024];
        var got = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(got), CancellationToken.None).Within();
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            got += result.Count;
            if (result.EndOfMessage)
            {
                return buffer[..got];
            }
        }
    }
}
