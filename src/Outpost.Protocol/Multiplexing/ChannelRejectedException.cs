namespace Outpost.Protocol.Multiplexing;

/// <summary>The peer refused to open a channel; the message is its reason.</summary>
public sealed class ChannelRejectedException(string message) : IOException(message);
