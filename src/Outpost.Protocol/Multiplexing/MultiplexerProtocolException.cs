namespace Outpost.Protocol.Multiplexing;

/// <summary>The peer broke the multiplexer's rules (a malformed frame, more data than the window allows); the session ends.</summary>
public sealed class MultiplexerProtocolException(string message) : IOException(message);
