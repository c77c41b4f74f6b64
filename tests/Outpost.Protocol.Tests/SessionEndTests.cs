using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class SessionEndTests
{
    public enum Ending
    {
        DisposeServerMux,
        DisposeClientMux,
        AbortClientSocket,
    }

    [Theory]
    [InlineData(Ending.DisposeServerMux)]
    [InlineData(Ending.DisposeClientMux)]
    [InlineData(Ending.AbortClientSocket)]
    public async Task When_one_side_goes_the_other_sides_reads_and_opens_fail_and_both_complete(Ending ending)
    {
        // The side that goes away holds an offer undecided (its handler waits), so the other side has an open pending.
        var goneIsClient = ending != Ending.DisposeServerMux;
        using var release = new ManualResetEventSlim();
        var acceptedByServer = new AcceptedChannels();
        var acceptedByClient = new AcceptedChannels();
        Action<ChannelOffer> Handler(AcceptedChannels accepted) => offer =>
        {
            if (offer.Name == "pending")
            {
                release.Wait(Timeouts.Generous);
                try
                {
                    offer.Reject("too late");
                }
                catch (IOException)
                {
                    // the session is over by now
                }

                return;
            }

            accepted.OnOffer(offer);
        };

        await using var pair = await MuxPair.StartAsync(Handler(acceptedByServer), Handler(acceptedByClient));
        try
        {
            var (gone, stays) = goneIsClient ? (pair.Client, pair.Server) : (pair.Server, pair.Client);
            var (goneAccepted, staysAccepted) = goneIsClient ? (acceptedByClient, acceptedByServer) : (acceptedByServer, acceptedByClient);

            // One channel opened from each side, each end waiting to read.
            var fromStays = await stays.OpenAsync("from-stays").Within();
            var fromStaysAtGone = await goneAccepted.NextAsync();
            var fromGone = await gone.OpenAsync("from-gone").Within();
            var fromGoneAtStays = await staysAccepted.NextAsync();
            var staysReads = new[] { fromStays.Input.ReadAsync().AsTask(), fromGoneAtStays.Input.ReadAsync().AsTask() };
            var goneReads = new[] { fromGone.Input.ReadAsync().AsTask(), fromStaysAtGone.Input.ReadAsync().AsTask() };
            var pendingOpen = stays.OpenAsync("pending");
            await Task.Delay(50);
            Assert.False(pendingOpen.IsCompleted);

            switch (ending)
            {
                case Ending.DisposeServerMux:
                    await pair.Server.DisposeAsync().Within();
                    break;
                case Ending.DisposeClientMux:
                    await pair.Client.DisposeAsync().Within();
                    break;
                case Ending.AbortClientSocket:
                    pair.ClientSocket.Abort();
                    break;
            }

            // The side that stays learns at once, though the other side's receive loop is still busy with the offer.
            foreach (var read in staysReads)
            {
                await Assert.ThrowsAnyAsync<IOException>(() => read.Within());
            }

            var openError = await Assert.ThrowsAnyAsync<IOException>(() => pendingOpen.Within());
            Assert.IsNotType<ChannelRejectedException>(openError);
            await stays.Completion.Within();
            Assert.NotNull(stays.EndReason);
            await Assert.ThrowsAnyAsync<IOException>(() => stays.OpenAsync("afterwards").Within());
            await Assert.ThrowsAnyAsync<IOException>(() => fromStays.Output.WriteAsync(new byte[10]).Within());

            release.Set();
            foreach (var read in goneReads)
            {
                await Assert.ThrowsAnyAsync<IOException>(() => read.Within());
            }

            await gone.Completion.Within();
            Assert.NotNull(gone.EndReason);
            await Assert.ThrowsAnyAsync<IOException>(() => gone.OpenAsync("afterwards").Within());
            await Task.WhenAll(fromStays.Completion, fromStaysAtGone.Completion, fromGone.Completion, fromGoneAtStays.Completion).Within();
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task Ending_the_session_in_the_middle_of_a_transfer_fails_both_ends_of_the_channel()
    {
        // Repeated: the end lands at a different point of the transfer each time.
        for (var round = 0; round < 10; round++)
        {
            var accepted = new AcceptedChannels();
            await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
            var client = await pair.Client.OpenAsync("transfer").Within();
            var server = await accepted.NextAsync();
            long received = 0;
            var receiving = Task.Run(async () =>
            {
                while (true)
                {
                    var result = await server.Input.ReadAsync();
                    Interlocked.Add(ref received, result.Buffer.Length);
                    server.Input.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            });
            var sending = Data.WriteAllAsync(client.Output, Data.Random(64 * 1024 * 1024), chunk: 50_000);

            await Timeouts.UntilAsync(() => Interlocked.Read(ref received) > 1_000_000 + (round * 77_777), "bytes on the channel");
            await pair.Client.DisposeAsync().Within();

            await Assert.ThrowsAnyAsync<IOException>(() => receiving.Within());
            await Assert.ThrowsAnyAsync<IOException>(() => sending.Within());
            await Task.WhenAll(pair.Client.Completion, pair.Server.Completion, client.Completion, server.Completion).Within();
        }
    }

    [Fact]
    public async Task Disposing_both_sides_twice_is_harmless()
    {
        await using var pair = await MuxPair.StartAsync(new AcceptedChannels().OnOffer);
        await pair.Client.DisposeAsync();
        await pair.Client.DisposeAsync();
        await pair.Server.Completion.Within();
        await pair.Server.DisposeAsync();
        Assert.NotNull(pair.Client.EndReason);
        Assert.NotNull(pair.Server.EndReason);
    }
}
