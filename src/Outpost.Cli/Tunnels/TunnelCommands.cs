using System.CommandLine;

namespace Outpost.Cli.Tunnels;

/// <summary>`outpost tunnel …` and `outpost audit`: reach a service at a site through its agent.</summary>
internal static class TunnelCommands
{
    public static IEnumerable<Command> Create() => [];
}
