namespace Outpost.Agent.State;

/// <summary>Another agent runs on the data directory; the message names it and what to do.</summary>
public sealed class DataDirectoryInUseException(string message, Exception inner) : Exception(message, inner);
