using System.Globalization;

namespace Outpost.Protocol.Tunnels;

/// <summary>A service at a site a tunnel stream goes to: a host name or address and a TCP port.</summary>
public sealed record TunnelTarget(string Host, int Port)
{
    /// <summary>Parses "host:port" or "[v6]:port"; returns null with <paramref name="problem"/> set when it is not one.</summary>
    public static TunnelTarget? TryParse(string text, out string? problem)
    {
        problem = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = $"'{text}' is not HOST:PORT";
            return null;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"'{text}' has no valid port (1-65535)";
            return null;
        }

        // Names travel inside channel names and audit rows: keep them to what a host can be.
        if (host.Length is 0 or > 253 || host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':')))
        {
            problem = $"'{host}' is not a host name or address";
            return null;
        }

        return new TunnelTarget(host.ToLowerInvariant(), port);
    }

    public static TunnelTarget Parse(string text) => TryParse(text, out var problem) ?? throw new FormatException(problem);

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
