using System.CommandLine;

namespace Outpost.Cli.Rollouts;

/// <summary>`outpost rollout …`: staged rollouts of a revision.</summary>
internal static class RolloutCommands
{
    public static IEnumerable<Command> Create() => [];
}
