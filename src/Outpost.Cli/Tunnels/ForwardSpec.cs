using System.Globalization;
using System.Net;
using Outpost.Protocol.Tunnels;

namespace Outpost.Cli.Tunnels;

/// <summary>One local forward, as <c>ssh -L</c> writes it: <c>[LOCAL_ADDR:]LOCAL_PORT:TARGET_HOST:TARGET_PORT</c>.</summary>
internal sealed record ForwardSpec(IPEndPoint Listen, TunnelTarget Target)
{
    public static ForwardSpec Parse(string text)
    {
        // Split off the target (host:port, the host maybe [v6]) from the right, then the local part.
        var targetPortAt = text.LastIndexOf(':');
        var head = targetPortAt > 0 ? text[..targetPortAt] : "";
        var targetHostAt = head.EndsWith(']') ? head.LastIndexOf('[') - 1 : head.LastIndexOf(':');
        if (targetPortAt <= 0 || targetHostAt <= 0 || text[targetHostAt] != ':')
        {
            throw new CliException($"forward '{text}' is not [LOCAL_ADDR:]LOCAL_PORT:TARGET_HOST:TARGET_PORT");
        }

        var target = TunnelTarget.TryParse(text[(targetHostAt + 1)..], out var problem) ?? throw new CliException($"forward '{text}': {problem}");
        var local = text[..targetHostAt];
        var colon = local.LastIndexOf(':');
        var (address, portText) = colon < 0 ? ("127.0.0.1", local) : (local[..colon].Trim('[', ']'), local[(colon + 1)..]);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new CliException($"forward '{text}': local port '{portText}' is not a port number");
        }

        if (address is "localhost" or "")
        {
            address = "127.0.0.1";
        }

        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new CliException($"forward '{text}': local address '{address}' is not an IP address");
        }

        return new ForwardSpec(new IPEndPoint(ip, port), target);
    }
}
