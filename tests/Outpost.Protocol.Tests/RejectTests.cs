using System.Collections.Concurrent;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class RejectTests
{
    [Fact]
    public async Task A_rejected_offer_fails_OpenAsync_with_the_reason_and_the_session_goes_on()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(offer =>
        {
            if (offer.Name == "wanted")
            {
                accepted.OnOffer(offer);
            }
            else
            {
                offer.Reject("no such thing");
            }
        });

        var error = await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("unwanted").Within());
        Assert.Contains("no such thing", error.Message, StringComparison.Ordinal);

        var client = await pair.Client.OpenAsync("wanted").Within();
        var server = await accepted.NextAsync();
        await Data.WriteAllAsync(client.Output, "hello"u8.ToArray()).Within();
        Assert.Equal("hello"u8.ToArray(), await Data.ReadAllAsync(server.Input).Within());
        Assert.False(pair.Client.Completion.IsCompleted);
        Assert.False(pair.Server.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_handler_that_throws_refuses_only_its_channel()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(offer =>
        {
            if (offer.Name == "broken")
            {
                throw new InvalidOperationException("the handler broke");
            }

            accepted.OnOffer(offer);
        });

        var error = await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("broken").Within());
        Assert.Contains("the handler broke", error.Message, StringComparison.Ordinal);

        var client = await pair.Client.OpenAsync("fine").Within();
        var server = await accepted.NextAsync();
        await Data.WriteAllAsync(client.Output, "still here"u8.ToArray()).Within();
        Assert.Equal("still here"u8.ToArray(), await Data.ReadAllAsync(server.Input).Within());
        Assert.False(pair.Server.Completion.IsCompleted);
    }

    [Fact]
    public async Task An_offer_the_handler_neither_accepts_nor_rejects_is_rejected()
    {
        var seen = new ConcurrentQueue<string>();
        await using var pair = await MuxPair.StartAsync(offer => seen.Enqueue(offer.Name));

        var error = await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("ignored").Within());
        Assert.Contains("ignored", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ignored"], seen);
    }

    [Fact]
    public async Task An_offer_handler_that_answers_twice_is_told_so()
    {
        var second = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await MuxPair.StartAsync(offer =>
        {
            offer.Reject("first answer");
            second.TrySetResult(Record.Exception(() => offer.Accept()));
        });

        var error = await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("twice").Within());
        Assert.Contains("first answer", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(await second.Task.Within());
    }

    [Fact]
    public async Task Without_a_handler_every_offer_is_rejected_in_both_directions()
    {
        await using var pair = await MuxPair.StartAsync(serverOffers: null, clientOffers: null);

        await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Client.OpenAsync("to-server").Within());
        await Assert.ThrowsAsync<ChannelRejectedException>(() => pair.Server.OpenAsync("to-client").Within());
        Assert.False(pair.Client.Completion.IsCompleted);
        Assert.False(pair.Server.Completion.IsCompleted);
    }
}
