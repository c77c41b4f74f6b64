namespace Outpost.Cli;

/// <summary>A user-facing error: printed as "error: MESSAGE" with exit code 1, no stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
