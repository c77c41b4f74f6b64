using System.IO.Pipelines;
using Nerdbank.Streams;
using Outpost.Protocol.Tunnels;

namespace Outpost.Cli.Tunnels;

/// <summary>
/// An open tunnel stream on the operator's side: <see cref="Output"/> goes to the target, <see cref="Input"/> is what the
/// target sends, unframed; reading it throws an <see cref="IOException"/> with the hub's reason when the stream broke.
/// </summary>
internal sealed class TunnelStream : IDisposable
{
    private readonly MultiplexingStream.Channel _channel;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: TunnelProtocol.WindowBytes, resumeWriterThreshold: TunnelProtocol.WindowBytes / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _unframing;

    public TunnelStream(MultiplexingStream.Channel channel)
    {
        _channel = channel;
        _unframing = Task.Run(() => TunnelFraming.UnframeAsync(channel.Input, _input.Writer, _closed.Token));
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _channel.Output;

    /// <summary>Waits until both directions are over and the channel has drained.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _unframing.WaitAsync(timeout, ct);
        await _channel.Completion.WaitAsync(timeout, ct);
    }

    public void Dispose()
    {
        _closed.Cancel();
        _channel.Dispose();
        _closed.Dispose();
    }
}
