namespace Outpost.Protocol.Multiplexing;

/// <summary>Per-channel settings of a <see cref="ChannelMultiplexer"/> channel.</summary>
public sealed record MuxChannelOptions
{
    /// <summary>The default: a 256 KiB window, delivery on the thread pool.</summary>
    public static readonly MuxChannelOptions Default = new();

    /// <summary>
    /// Bytes the peer may send before this side consumes them: bounds memory per channel, and is what keeps one stalled
    /// reader from stalling the others (the session's reader never waits for a channel).
    /// </summary>
    public int ReceiveWindow { get; init; } = 256 * 1024;

    /// <summary>
    /// Runs the channel's reader continuation on the session's receive loop instead of the thread pool: saves a thread hop
    /// per frame (latency) but the reader must only hand bytes on (a socket, another channel), never block.
    /// </summary>
    public bool InlineDelivery { get; init; }

    /// <summary>
    /// For the opener: this side only reads (a fetch). The peer answers with data at once instead of an Accept, and
    /// closing sends nothing; writing is an error.
    /// </summary>
    public bool ReceiveOnly { get; init; }
}
