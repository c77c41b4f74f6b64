using System.CommandLine;
using Microsoft.Extensions.Logging;
using Outpost.Agent;
using Outpost.Agent.Identity;
using Outpost.Protocol.Transport;

namespace Outpost.Cli.Hosting;

/// <summary>`outpost agent join|run`: enrol a site with a one-time token, then keep it converged.</summary>
internal static class AgentCommands
{
    public static Command Create()
    {
        var command = new Command("agent", "Run the edge agent of a site");
        command.Subcommands.Add(Join());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command Join()
    {
        var hub = new Argument<string>("hub-url") { Description = "The hub, e.g. https://hub.example:8443" };
        var token = new Option<string>("--token") { Description = "One-time join token from 'outpost sites add'", Required = true };
        var (dataDir, proxy) = (DataDir(), Proxy());
        var command = new Command("join", "Enrol this machine as a site, then run the agent") { hub, token, dataDir, proxy };
        command.SetAction(async (parse, ct) =>
        {
            var identity = await AgentEnroller.JoinAsync(parse.GetValue(hub)!, parse.GetValue(token)!, parse.GetValue(dataDir)!, parse.GetValue(proxy), ct);
            Console.WriteLine($"Joined {identity.HubUrl} as site {identity.SiteId}; running. (Restart with: outpost agent run --data-dir {parse.GetValue(dataDir)})");
            return await RunAgentAsync(parse.GetValue(dataDir)!, parse.GetValue(proxy), ct);
        });
        return command;
    }

    private static Command Run()
    {
        var (dataDir, proxy) = (DataDir(), Proxy());
        var command = new Command("run", "Run an enrolled agent") { dataDir, proxy };
        command.SetAction((parse, ct) => RunAgentAsync(parse.GetValue(dataDir)!, parse.GetValue(proxy), ct));
        return command;
    }

    private static async Task<int> RunAgentAsync(string dataDirectory, string? proxy, CancellationToken ct)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; }));
        var runner = new AgentRunner(new AgentOptions { DataDirectory = dataDirectory, Proxy = proxy }, TimeProvider.System, loggers);
        try
        {
            await runner.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        return 0;
    }

    private static Option<string> DataDir() => new("--data-dir") { Description = "Where the agent keeps its identity, releases and outbox", DefaultValueFactory = _ => "/var/lib/outpost" };

    private static Option<string?> Proxy()
    {
        var option = new Option<string?>("--proxy") { Description = "HTTP CONNECT proxy URL, http://[USER:PASSWORD@]HOST:PORT (default: HTTPS_PROXY and NO_PROXY from the environment)" };
        option.Validators.Add(result =>
        {
            try
            {
                _ = ProxyAddress.Parse(result.GetValueOrDefault<string?>() ?? "", "--proxy");
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }
}
