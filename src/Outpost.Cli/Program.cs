using System.CommandLine;
using Outpost.Cli;
using Spectre.Console;

// Piped or captured output has no terminal width; wrapping site ids at 80 columns helps nobody.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 40 ? columns : 200;
}

// The agent and a tunnel mostly hand bytes from one socket to another: running socket completions on the socket engine's
// own thread instead of waking a pool thread for each saves a thread hop per message (lower latency, less CPU). The
// runtime reads this once, when the first socket is made, so it must be set before anything touches the network.
if (args is ["agent", ..] or ["tunnel", ..] && Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}

var root = new RootCommand("Outpost: run fleets of edge computers in hospital laboratories.");
foreach (var command in CommandTree.Build())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);

internal static partial class Program
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
}
