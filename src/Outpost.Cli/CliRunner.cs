using System.CommandLine;
using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.Agent.State;

namespace Outpost.Cli;

/// <summary>Runs the parsed command and turns known failures into one clear line on stderr.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliException or JoinException or SiteRevokedException or DataDirectoryInUseException or ArgumentException or FormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
