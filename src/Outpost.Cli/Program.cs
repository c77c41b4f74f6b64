using System.CommandLine;
using Outpost.Cli;

var root = new RootCommand("Outpost: run fleets of edge computers in hospital laboratories.");
foreach (var command in CommandTree.Build())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);
