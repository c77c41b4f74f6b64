using System.Net.Sockets;
using Outpost.Protocol.Session;
using Outpost.Protocol.Tests.Support;

namespace Outpost.Protocol.Tests.Session;

public sealed class AttachedFrameTests
{
    [Fact]
    public async Task A_raw_manifest_and_blobs_after_a_desired_revision_arrive_with_it_and_the_next_message_after_them()
    {
        var (client, server) = await LoopbackSockets.ConnectAsync();
        await using var sender = new MessageChannel(new NetworkStream(client, ownsSocket: true));
        await using var receiver = new MessageChannel(new NetworkStream(server, ownsSocket: true));
        var blob = Data.Random(40_000);
        var manifest = Data.Random(16_000);

        var desired = MessageChannel.Frame(new DesiredRevision("sha256:r", [], "sig", ["sha256:one", "sha256:empty"], ManifestFollows: true));
        await sender.SendFramesAsync([desired, MessageChannel.RawFrame(manifest), MessageChannel.RawFrame(blob), MessageChannel.RawFrame([])], CancellationToken.None).Within();
        await sender.SendAsync(new EventsAck(7), CancellationToken.None).Within();

        var received = Assert.IsType<DesiredRevision>(await receiver.ReceiveAsync(CancellationToken.None).Within());
        Assert.Equal(manifest, received.Manifest);
        Assert.False(received.ManifestFollows);
        Assert.Equal(["sha256:one", "sha256:empty"], received.Attached);
        Assert.Equal(2, received.AttachedContent.Count);
        Assert.Equal(blob, received.AttachedContent[0]);
        Assert.Empty(received.AttachedContent[1]);
        Assert.Equal(desired.Length + 4 + manifest.Length + 4 + blob.Length + 4, receiver.LastMessageBytes);
        Assert.Equal(new EventsAck(7), await receiver.ReceiveAsync(CancellationToken.None).Within());
    }

    [Fact]
    public async Task A_raw_frame_after_a_desired_revision_with_a_manifest_base_is_read_as_the_manifest_patch()
    {
        var (client, server) = await LoopbackSockets.ConnectAsync();
        await using var sender = new MessageChannel(new NetworkStream(client, ownsSocket: true));
        await using var receiver = new MessageChannel(new NetworkStream(server, ownsSocket: true));
        var patch = Data.Random(120);

        var desired = MessageChannel.Frame(new DesiredRevision("sha256:r", [], "sig", ManifestFollows: true, ManifestBase: "sha256:q"));
        await sender.SendFramesAsync([desired, MessageChannel.RawFrame(patch)], CancellationToken.None).Within();

        var received = Assert.IsType<DesiredRevision>(await receiver.ReceiveAsync(CancellationToken.None).Within());
        Assert.Equal("sha256:q", received.ManifestBase);
        Assert.Equal(patch, received.ManifestPatchBytes);
        Assert.Empty(received.Manifest);
        Assert.Equal(desired.Length + 4 + patch.Length, receiver.LastMessageBytes);
    }

    [Fact]
    public async Task A_desired_revision_with_its_manifest_inline_and_nothing_attached_reads_as_before()
    {
        var (client, server) = await LoopbackSockets.ConnectAsync();
        await using var sender = new MessageChannel(new NetworkStream(client, ownsSocket: true));
        await using var receiver = new MessageChannel(new NetworkStream(server, ownsSocket: true));

        await sender.SendAsync(new DesiredRevision("sha256:r", [1], "sig"), CancellationToken.None).Within();

        var received = Assert.IsType<DesiredRevision>(await receiver.ReceiveAsync(CancellationToken.None).Within());
        Assert.Equal(new byte[] { 1 }, received.Manifest);
        Assert.Null(received.Attached);
        Assert.Empty(received.AttachedContent);
    }
}
