using Nerdbank.Streams;

namespace Outpost.Protocol.Session;

/// <summary>Creates the multiplexer both ends put over the session's websocket stream.</summary>
public static class SessionMultiplexer
{
    /// <summary>Per-channel receive window: bounds memory per stream, and lets one stalled stream never block the others.</summary>
    public const long ChannelWindowBytes = 256 * 1024;

    public static Task<MultiplexingStream> CreateAsync(Stream transport, CancellationToken cancellationToken) =>
        MultiplexingStream.CreateAsync(
            transport,
            new MultiplexingStream.Options { ProtocolMajorVersion = 3, DefaultChannelReceivingWindowSize = ChannelWindowBytes },
            cancellationToken);
}
