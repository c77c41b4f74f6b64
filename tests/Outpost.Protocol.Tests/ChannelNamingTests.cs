using System.Text;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests;

public sealed class ChannelNamingTests
{
    [Theory]
    [InlineData("control")]
    [InlineData("blob/sha256:0a1b2c")]
    [InlineData("tunnel Zürich → 127.0.0.1:22 🔒 診断")]
    [InlineData("")]
    public async Task The_name_arrives_as_sent(string name)
    {
        var accepted = new AcceptedChannels();
        var offeredNames = new List<string>();
        await using var pair = await MuxPair.StartAsync(accepted.OnOffer, offer =>
        {
            offeredNames.Add(offer.Name);
            offer.Accept();
        });

        var client = await pair.Client.OpenAsync(name).Within();
        var server = await accepted.NextAsync();
        Assert.Equal(name, client.Name);
        Assert.Equal(name, server.Name);
        Assert.Equal(client.Id, server.Id);

        var fromServer = await pair.Server.OpenAsync(name).Within();
        Assert.Equal([name], offeredNames);
        Assert.Equal(name, fromServer.Name);
    }

    [Fact]
    public async Task A_name_too_long_for_an_open_frame_is_refused_before_sending()
    {
        await using var pair = await MuxPair.StartAsync(new AcceptedChannels().OnOffer);
        await Assert.ThrowsAsync<ArgumentException>(() => pair.Client.OpenAsync(new string('é', 8 * 1024)));
        var channel = await pair.Client.OpenAsync(new string('x', 1000)).Within();
        Assert.Equal(1000, channel.Name.Length);
    }

    [Fact]
    public async Task Both_sides_opening_at_once_get_ids_that_never_collide()
    {
        const int perSide = 100;
        var acceptedByServer = new AcceptedChannels();
        var acceptedByClient = new AcceptedChannels();
        await using var pair = await MuxPair.StartAsync(acceptedByServer.OnOffer, acceptedByClient.OnOffer);

        Task<MuxChannel[]> OpenMany(ChannelMultiplexer mux, string side) =>
            Task.WhenAll(Enumerable.Range(0, perSide).Select(i => Task.Run(() => mux.OpenAsync($"{side}-{i}-ü"))));
        var opening = new[] { OpenMany(pair.Client, "client"), OpenMany(pair.Server, "server") };
        var opened = await Task.WhenAll(opening).Within();
        var byClient = opened[0];
        var byServer = opened[1];

        Assert.All(byClient, c => Assert.Equal(1u, c.Id % 2));
        Assert.All(byServer, c => Assert.Equal(0u, c.Id % 2));
        Assert.Equal(2 * perSide, byClient.Concat(byServer).Select(c => c.Id).Distinct().Count());

        // Every channel reaches the peer under its own id and name, and carries only its own bytes.
        var checks = byClient.Select(c => (Opened: c, Peer: acceptedByServer))
            .Concat(byServer.Select(c => (Opened: c, Peer: acceptedByClient)))
            .Select(async pairing =>
            {
                var peer = await pairing.Peer.ByNameAsync(pairing.Opened.Name);
                Assert.Equal(pairing.Opened.Id, peer.Id);
                var read = Data.ReadAllAsync(peer.Input);
                await Data.WriteAllAsync(pairing.Opened.Output, Encoding.UTF8.GetBytes(pairing.Opened.Name));
                Assert.Equal(pairing.Opened.Name, Encoding.UTF8.GetString(await read));
            });
        await Task.WhenAll(checks).Within();
    }
}
