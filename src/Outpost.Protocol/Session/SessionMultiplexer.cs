using System.Diagnostics;
using Nerdbank.Streams;

namespace Outpost.Protocol.Session;

/// <summary>Creates the multiplexer both ends put over the session's websocket stream.</summary>
public static class SessionMultiplexer
{
    /// <summary>Per-channel receive window: bounds memory per stream, and lets one stalled stream never block the others.</summary>
    public const long ChannelWindowBytes = 256 * 1024;

    // One silent trace source for every session and channel: otherwise each gets its own, a few KB apiece,
    // which adds up over ten thousand idle sessions.
    private static readonly TraceSource Silent = new("Outpost.Session", SourceLevels.Off);

    public static Task<MultiplexingStream> CreateAsync(Stream transport, CancellationToken cancellationToken) =>
        MultiplexingStream.CreateAsync(
            transport,
            new MultiplexingStream.Options
            {
                ProtocolMajorVersion = 3,
                DefaultChannelReceivingWindowSize = ChannelWindowBytes,
                TraceSource = Silent,
                DefaultChannelTraceSourceFactoryWithQualifier = (_, _) => Silent,
            },
            cancellationToken);
}
