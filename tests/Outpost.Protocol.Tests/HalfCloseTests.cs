using System.Buffers;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class HalfCloseTests
{
    [Fact]
    public async Task A_finished_writer_leaves_the_other_direction_open_and_both_complete_once_both_finished()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("half").Within();
        var server = await accepted.NextAsync();
        var request = Data.Random(1024 * 1024 + 17);
        var response = Data.Random(3 * 1024 * 1024 + 5);

        var reading = Data.ReadAllAsync(server.Input);
        await Data.WriteAllAsync(client.Output, request).Within();
        var atServer = await reading.Within();
        Assert.Equal(Data.Sha256(request), Data.Sha256(atServer));

        // The server has seen the client's end but not said its own: neither channel is complete.
        Assert.False(client.Completion.IsCompleted);
        Assert.False(server.Completion.IsCompleted);

        var atClient = Data.ReadAllAsync(client.Input);
        await Data.WriteAllAsync(server.Output, response).Within();
        Assert.Equal(Data.Sha256(response), Data.Sha256(await atClient.Within()));
        await Task.WhenAll(client.Completion, server.Completion).Within();
    }

    [Fact]
    public async Task After_the_end_of_its_input_a_reader_sees_IsCompleted_with_every_byte()
    {
        var accepted = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer);
        var client = await pair.Client.OpenAsync("half").Within();
        var server = await accepted.NextAsync();
        var request = Data.Random(100_000);

        await Data.WriteAllAsync(client.Output, request).Within();

        // Wait for the end without consuming: the last read holds everything and says the input is complete.
        while (true)
        {
            var result = await server.Input.ReadAsync().Within();
            if (result.IsCompleted)
            {
                Assert.Equal(Data.Sha256(request), Data.Sha256(result.Buffer.ToArray()));
                server.Input.AdvanceTo(result.Buffer.End);
                break;
            }

            server.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        var again = await server.Input.ReadAsync().Within();
        Assert.True(again.IsCompleted);
        Assert.True(again.Buffer.IsEmpty);
    }
}
