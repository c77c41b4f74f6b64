namespace Outpost.Protocol.Session;

/// <summary>Names of the multiplexed channels that share one agent session.</summary>
public static class ChannelNames
{
    /// <summary>The control channel, offered by the agent right after connecting.</summary>
    public const string Control = "control";

    /// <summary>Prefix of a blob fetch: the agent offers "blob:sha256:…", the hub answers with a status byte and the content.</summary>
    public const string BlobPrefix = "blob:";

    /// <summary>Prefix of a tunnel stream: only the hub offers "tunnel:&lt;streamId&gt;/&lt;host&gt;:&lt;port&gt;"; an agent never may.</summary>
    public const string TunnelPrefix = "tunnel:";

    /// <summary>The websocket path of the session endpoint.</summary>
    public const string SessionPath = "/v1/session";

    public const byte BlobFound = 0;
    public const byte BlobRefused = 1;
}
