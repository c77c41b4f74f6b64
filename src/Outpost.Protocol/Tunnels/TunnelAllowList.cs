using System.Text.RegularExpressions;

namespace Outpost.Protocol.Tunnels;

/// <summary>
/// The targets a site lets tunnels reach: "host:port" patterns where <c>*</c> matches any run of characters in the host
/// (never across the port) and a port of <c>*</c> matches any port. Empty allows nothing.
/// </summary>
public sealed class TunnelAllowList
{
    private readonly IReadOnlyList<(string Pattern, Regex Host, int? Port)> _rules;

    public TunnelAllowList(IEnumerable<string> patterns)
    {
        _rules = patterns.Select(Compile).ToList();
    }

    public static TunnelAllowList Empty { get; } = new([]);

    /// <summary>The list a bundle's tunnel section declares; no section allows nothing.</summary>
    public static TunnelAllowList Of(TunnelConfig? tunnel) => tunnel is null ? Empty : new(tunnel.Allow);

    public IReadOnlyList<string> Patterns => _rules.Select(r => r.Pattern).ToList();

    /// <summary>The reason a pattern is malformed, or null when it is fine.</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            Compile(pattern);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    public bool Allows(TunnelTarget target) =>
        _rules.Any(r => (r.Port is null || r.Port == target.Port) && r.Host.IsMatch(target.Host));

    private static (string, Regex, int?) Compile(string pattern)
    {
        var colon = pattern.LastIndexOf(':');
        if (colon <= 0 || colon == pattern.Length - 1)
        {
            throw new FormatException($"tunnel allow pattern '{pattern}' is not HOST:PORT (use * for any port)");
        }

        var portText = pattern[(colon + 1)..];
        int? port = null;
        if (portText != "*")
        {
            if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                throw new FormatException($"tunnel allow pattern '{pattern}' has no valid port (1-65535 or *)");
            }

            port = p;
        }

        var host = pattern[..colon].Trim('[', ']').ToLowerInvariant();
        var regex = new Regex("^" + Regex.Escape(host).Replace("\\*", "[^:]*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return (pattern, regex, port);
    }
}
