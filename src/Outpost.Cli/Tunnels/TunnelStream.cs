using System.IO.Pipelines;
using Outpost.Protocol.Multiplexing;

namespace Outpost.Cli.Tunnels;

/// <summary>
/// An open tunnel stream on the operator's side: <see cref="Output"/> goes to the target, <see cref="Input"/> is what the
/// target sends; reading it throws an <see cref="IOException"/> with the hub's reason when the stream broke.
/// </summary>
internal sealed class TunnelStream(MuxChannel channel) : IDisposable
{
    public PipeReader Input => channel.Input;

    public PipeWriter Output => channel.Output;

    public void Dispose() => channel.Dispose();
}
