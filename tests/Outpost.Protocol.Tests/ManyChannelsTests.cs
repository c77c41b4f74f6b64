using System.Collections.Concurrent;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class ManyChannelsTests
{
    [Fact]
    public async Task Two_hundred_channels_opened_at_once_each_echo_64_KiB_intact()
    {
        var echoes = new ConcurrentBag<Task>();
        await using var pair = await MuxPair.StartAsync(offer =>
        {
            var channel = offer.Accept();
            echoes.Add(Task.Run(() => Data.EchoAsync(channel.Input, channel.Output)));
        });

        var runs = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var channel = await pair.Client.OpenAsync($"echo-{i}");
            var sent = Data.Random(64 * 1024);
            var back = Data.ReadAllAsync(channel.Input);
            await Data.WriteAllAsync(channel.Output, sent, chunk: 5000 + i);
            var received = await back;
            await channel.Completion;
            return (Sent: Data.Sha256(sent), Received: Data.Sha256(received), channel.Id);
        })).ToArray();
        var results = await Task.WhenAll(runs).Within();

        Assert.All(results, r => Assert.Equal(r.Sent, r.Received));
        Assert.Equal(200, results.Select(r => r.Id).Distinct().Count());
        await Task.WhenAll(echoes).Within();
        Assert.Equal(200, echoes.Count);
    }
}
