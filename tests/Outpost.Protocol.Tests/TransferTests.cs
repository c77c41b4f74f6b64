using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class TransferTests
{
    private const int Size = 8 * 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Eight_MiB_each_way_at_once_arrive_intact_through_the_pipes(bool inlineDelivery)
    {
        var options = new MuxChannelOptions { InlineDelivery = inlineDelivery };
        var accepted = new AcceptedChannels(_ => options);
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("bulk", options).Within();
        var server = await accepted.NextAsync();
        Assert.Equal(client.Id, server.Id);
        var up = Data.Random(Size);
        var down = Data.Random(Size);

        // Odd-sized writes so that writes, frames and credits never line up.
        var clientWrite = Data.WriteAllAsync(client.Output, up, chunk: 100_003);
        var serverWrite = Data.WriteAllAsync(server.Output, down, chunk: 77_777);
        var clientRead = Data.ReadAllAsync(client.Input);
        var serverRead = Data.ReadAllAsync(server.Input);
        await Task.WhenAll(clientWrite, serverWrite, clientRead, serverRead).Within();

        var atServer = await serverRead;
        var atClient = await clientRead;
        Assert.Equal(Size, atServer.Length);
        Assert.Equal(Size, atClient.Length);
        Assert.Equal(Data.Sha256(up), Data.Sha256(atServer));
        Assert.Equal(Data.Sha256(down), Data.Sha256(atClient));
        await Task.WhenAll(client.Completion, server.Completion).Within();
        Assert.False(pair.Client.Completion.IsCompleted);
        Assert.False(pair.Server.Completion.IsCompleted);
    }

    [Fact]
    public async Task Eight_MiB_each_way_at_once_arrive_intact_through_streams()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var clientStream = (await pair.Client.OpenAsync("bulk").Within()).AsStream();
        var serverChannel = await accepted.NextAsync();
        var serverStream = serverChannel.AsStream();
        var up = Data.Random(Size);
        var down = Data.Random(Size);

        var clientWrite = Data.WriteAllAsync(clientStream, up, chunk: 100_003);
        var serverWrite = Data.WriteAllAsync(serverStream, down, chunk: 1_000_000);
        var clientRead = Data.ReadExactlyAsync(clientStream, Size);
        var serverRead = Data.ReadExactlyAsync(serverStream, Size);
        await Task.WhenAll(clientWrite, serverWrite, clientRead, serverRead).Within();

        Assert.Equal(Data.Sha256(up), Data.Sha256(await serverRead));
        Assert.Equal(Data.Sha256(down), Data.Sha256(await clientRead));

        // Disposing a stream half-closes it: the other side reads the end of the stream.
        await clientStream.DisposeAsync();
        Assert.Equal(0, await serverStream.ReadAsync(new byte[16]).Within());
        await serverStream.DisposeAsync();
        await serverChannel.Completion.Within();
    }
}
