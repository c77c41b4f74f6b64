using System.CommandLine;
using Outpost.Cli;
using Spectre.Console;

// Piped or captured output has no terminal width; wrapping site ids at 80 columns helps nobody.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 40 ? columns : 200;
}

var root = new RootCommand("Outpost: run fleets of edge computers in hospital laboratories.");
foreach (var command in CommandTree.Build())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);
