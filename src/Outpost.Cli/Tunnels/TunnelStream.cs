using System.IO.Pipelines;
using Outpost.Protocol.Multiplexing;

namespace Outpost.Cli.Tunnels;

/// <summary>
/// An open tunnel stream on the operator's side: <see cref="Output"/> goes to the target, <see cref="Input"/> is what the
/// target sends; reading it throws an <see cref="IOException"/> with the hub's reason when the stream broke.
/// </summary>
internal sealed class TunnelStream(MuxChannel channel) : IDisposable
{
    /// <summary>How long a stream the operator stops waits for the site's side to close too.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    public PipeReader Input => channel.Input;

    public PipeWriter Output => channel.Output;

    /// <summary>
    /// Ends the stream in order when the operator stops it (Ctrl-C, or ssh hanging up its ProxyCommand): a half close to
    /// the target, then a moment for the site's side to close as well, dropping what it still sends. Both sides closed is
    /// what the hub audits as a clean end; a connection that just drops is audited as an error.
    /// </summary>
    public async Task StopAsync()
    {
        await Output.CompleteAsync();
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            while (true)
            {
                var result = await Input.ReadAsync(grace.Token);
                Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // the site did not close in time, the stream was reset, or its reader is done already: nothing more to wait for
        }
    }

    public void Dispose() => channel.Dispose();
}
