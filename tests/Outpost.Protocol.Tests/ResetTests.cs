using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class ResetTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reset_fails_the_peers_reader_with_the_reason_and_its_writes_after_it(bool byCompletingWithAnError)
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("doomed").Within();
        var server = await accepted.NextAsync();

        if (byCompletingWithAnError)
        {
            await client.Output.CompleteAsync(new IOException("boom"));
        }
        else
        {
            client.Reset("boom");
        }

        var readError = await Assert.ThrowsAnyAsync<IOException>(() => server.Input.ReadAsync().Within());
        Assert.Contains("boom", readError.Message, StringComparison.Ordinal);
        var writeError = await Assert.ThrowsAnyAsync<IOException>(() => server.Output.WriteAsync(new byte[1000]).Within());
        Assert.Contains("boom", writeError.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<IOException>(() => server.AsStream().WriteAsync(new byte[10]).AsTask().Within());

        // The resetting side is done with the channel too, and the session goes on.
        await Assert.ThrowsAnyAsync<IOException>(() => client.Input.ReadAsync().Within());
        await Task.WhenAll(client.Completion, server.Completion).Within();
        await AssertSessionWorksAsync(pair, accepted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Resetting_or_disposing_a_channel_while_the_peer_is_sending_on_it_ends_only_that_channel(bool dispose)
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var chunk = Data.Random(200_000);

        // Repeated: the reset lands at a different point of the incoming stream each time.
        for (var round = 0; round < 100; round++)
        {
            var client = await pair.Client.OpenAsync($"firehose-{round}").Within();
            var server = await accepted.NextAsync();
            var sending = Task.Run(async () =>
            {
                while (!(await server.Output.WriteAsync(chunk)).IsCompleted)
                {
                }
            });
            long received = 0;
            var receiving = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var result = await client.Input.ReadAsync();
                        Interlocked.Add(ref received, result.Buffer.Length);
                        client.Input.AdvanceTo(result.Buffer.End);
                        if (result.IsCompleted)
                        {
                            return;
                        }
                    }
                }
                catch (IOException)
                {
                    // the reset
                }
            });

            await Timeouts.UntilAsync(() => Interlocked.Read(ref received) > 200_000 + (round * 10_007), "bytes on the channel");
            var reason = dispose ? "closed" : "enough";
            if (dispose)
            {
                client.Dispose();
            }
            else
            {
                client.Reset(reason);
            }

            // The writer learns: its flush reports the reader gone, or fails; a write after that fails.
            await AssertStoppedAsync(sending, reason);
            var error = await Assert.ThrowsAnyAsync<IOException>(() => server.Output.WriteAsync(chunk).Within());
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            await receiving.Within();
            Assert.False(pair.Client.Completion.IsCompleted, pair.Client.EndReason);
            Assert.False(pair.Server.Completion.IsCompleted, pair.Server.EndReason);
        }

        await AssertSessionWorksAsync(pair, accepted);
    }

    [Fact]
    public async Task Disposing_a_channel_ends_it_cleanly_for_the_peer_whose_later_writes_then_fail()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("dropped").Within();
        var server = await accepted.NextAsync();
        var sent = Data.Random(10_000);
        await client.Output.WriteAsync(sent).Within();

        client.Dispose();

        // What was sent before arrives, then a clean end.
        Assert.Equal(Data.Sha256(sent), Data.Sha256(await Data.ReadAllAsync(server.Input).Within()));
        await client.Completion.Within();
        await Assert.ThrowsAnyAsync<IOException>(() => client.Output.WriteAsync(new byte[10]).Within());

        // The peer's writer learns that nobody reads any more: a reset answers what it sends.
        var chunk = new byte[1000];
        var sending = Task.Run(async () =>
        {
            while (!(await server.Output.WriteAsync(chunk)).IsCompleted)
            {
            }
        });
        await AssertStoppedAsync(sending, "closed");
        await Assert.ThrowsAnyAsync<IOException>(() => server.Output.WriteAsync(chunk).Within());
        await server.Completion.Within();
        await AssertSessionWorksAsync(pair, accepted);
    }

    /// <summary>A writer stops either because a flush said the reader is gone or because it failed with the reset's reason.</summary>
    private static async Task AssertStoppedAsync(Task writing, string reason)
    {
        var error = await Record.ExceptionAsync(() => writing.Within());
        if (error is not null)
        {
            Assert.IsAssignableFrom<IOException>(error);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }

    private static async Task AssertSessionWorksAsync(MuxPair pair, AcceptedChannels accepted)
    {
        var client = await pair.Client.OpenAsync("after").Within();
        var server = await accepted.NextAsync();
        var echo = Data.EchoAsync(server.Input, server.Output);
        var message = Data.Random(300_000);
        var back = Data.ReadAllAsync(client.Input);
        await Data.WriteAllAsync(client.Output, message).Within();
        Assert.Equal(Data.Sha256(message), Data.Sha256(await back.Within()));
        await echo.Within();
        Assert.False(pair.Client.Completion.IsCompleted, pair.Client.EndReason);
        Assert.False(pair.Server.Completion.IsCompleted, pair.Server.EndReason);
    }
}
