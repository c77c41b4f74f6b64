namespace Outpost.Agent.Session;

/// <summary>The hub would not serve a blob to this site.</summary>
public sealed class BlobRefusedException(string message) : Exception(message);
