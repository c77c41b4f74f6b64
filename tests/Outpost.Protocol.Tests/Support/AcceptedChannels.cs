using System.Collections.Concurrent;
using Outpost.Protocol.Multiplexing;

namespace Outpost.Protocol.Tests.Support;

/// <summary>An offer handler that accepts every offer and hands the channels to the test, in order or by name.</summary>
internal sealed class AcceptedChannels(Func<ChannelOffer, MuxChannelOptions?>? options = null)
{
    private readonly System.Threading.Channels.Channel<MuxChannel> _inOrder = System.Threading.Channels.Channel.CreateUnbounded<MuxChannel>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MuxChannel>> _byName = new(StringComparer.Ordinal);

    public void OnOffer(ChannelOffer offer)
    {
        var channel = offer.Accept(options?.Invoke(offer));
        _inOrder.Writer.TryWrite(channel);
        Slot(channel.Name).TrySetResult(channel);
    }

    public Task<MuxChannel> NextAsync() => _inOrder.Reader.ReadAsync().Within();

    public Task<MuxChannel> ByNameAsync(string name) => Slot(name).Task.Within();

    private TaskCompletionSource<MuxChannel> Slot(string name) =>
        _byName.GetOrAdd(name, _ => new TaskCompletionSource<MuxChannel>(TaskCreationOptions.RunContinuationsAsynchronously));
}
