using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Outpost.Agent;
using Outpost.Agent.Identity;
using Outpost.Cli.Operator;
using Outpost.Hub;
using Outpost.Hub.Api;
using Outpost.Hub.Operators;
using Outpost.Hub.Sites;
using Outpost.Protocol.Bundles;
using Spectre.Console;

namespace Outpost.Cli.Demo;

/// <summary>`outpost demo`: a hub and a few agents in temporary directories, a sample bundle, the fleet converging.</summary>
internal static class DemoCommand
{
    private static readonly (string Id, string Region, string Tier, string Tz)[] Sites =
    [
        ("lab-zurich-01", "eu-central", "canary", "Europe/Zurich"),
        ("lab-basel-02", "eu-central", "standard", "Europe/Zurich"),
        ("lab-lyon-01", "eu-west", "standard", "Europe/Paris"),
    ];

    public static Command Create()
    {
        var exitWhenConverged = new Option<bool>("--exit-when-converged") { Description = "Exit 0 once every site runs the sample revision (for scripts)" };
        var listen = new Option<string>("--listen") { Description = "Hub listen address", DefaultValueFactory = _ => "https://127.0.0.1:0" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary directories afterwards" };
        var command = new Command("demo", "Run a local demo fleet: a hub, three agents, a sample bundle") { exitWhenConverged, listen, keep };
        command.SetAction(async (parse, ct) =>
        {
            var root = Directory.CreateTempSubdirectory("outpost-demo-").FullName;
            try
            {
                return await RunAsync(root, parse.GetValue(listen)!, parse.GetValue(exitWhenConverged), ct);
            }
            finally
            {
                if (!parse.GetValue(keep))
                {
                    TryDelete(root);
                }
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string root, string listen, bool exitWhenConverged, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var hub = await HubHost.StartAsync(new HubOptions { DataDirectory = Path.Combine(root, "hub"), Listen = listen, HeartbeatInterval = TimeSpan.FromSeconds(5), OfflineAfter = TimeSpan.FromSeconds(15) }, cancellationToken: ct);
        AnsiConsole.MarkupLine($"[bold]hub[/] listening on {hub.Url} (data in {Markup.Escape(root)})");
        using var client = new HubClient(OperatorConfig.Load(hub.OperatorConfigPath));
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(c => c.SingleLine = true));
        var agents = new List<Task>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var (id, region, tier, tz) in Sites)
        {
            var token = await client.PostAsync<JoinTokenResponse>("/v1/sites", new AddSiteRequest(id, region, new() { ["tier"] = tier }, new() { ["tz"] = tz }), ct);
            AnsiConsole.MarkupLine($"[bold]sites add[/] {id} → [grey]{Markup.Escape(Shorten(token.JoinCommand))}[/]");
            var dataDir = Path.Combine(root, "agents", id);
            await AgentEnroller.JoinAsync(hub.Url, token.Token, dataDir, proxy: null, ct);
            var runner = new AgentRunner(new AgentOptions { DataDirectory = dataDir }, TimeProvider.System, loggers);
            agents.Add(Task.Run(() => runner.RunAsync(stop.Token), CancellationToken.None));
        }

        var bundle = WriteSampleBundle(Path.Combine(root, "bundle"));
        var (published, _, _) = await BundlePublisher.PublishAsync(client, bundle, null, "region", null, ct);
        AnsiConsole.MarkupLine($"[bold]publish[/] revision {ContentDigest.Short(published.Revision)} to {published.Sites.Count} sites");

        var converged = await WatchAsync(client, published.Revision, TimeSpan.FromMinutes(2), ct);
        AnsiConsole.MarkupLine(converged
            ? $"[green]converged[/]: every site runs {ContentDigest.Short(published.Revision)} ({clock.Elapsed.TotalSeconds:0.0} s since start)"
            : "[red]not converged within 2 minutes[/]");
        if (!exitWhenConverged && converged)
        {
            AnsiConsole.MarkupLine($"Serving until Ctrl-C. In another shell: [bold]export OUTPOST_CONFIG={Markup.Escape(hub.OperatorConfigPath)}[/] then [bold]outpost sites list[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(agents.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));
        return converged ? 0 : 1;
    }

    private static async Task<bool> WatchAsync(HubClient client, string revision, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        List<SiteRecord> sites = [];
        bool Done() => sites.Count > 0 && sites.All(s => s.AppliedRevision == revision && s.Health == "healthy");
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var last = "";
            while (!Done() && DateTimeOffset.UtcNow < deadline)
            {
                sites = await client.GetAsync<List<SiteRecord>>("/v1/sites", ct);
                var line = $"{sites.Count(s => s.Online)}/{sites.Count} online, {sites.Count(s => s.AppliedRevision == revision)}/{sites.Count} applied";
                if (line != last)
                {
                    Console.WriteLine(line);
                    last = line;
                }

                await Task.Delay(250, ct);
            }

            AnsiConsole.Write(SiteTable.Render(sites, DateTimeOffset.UtcNow));
            return Done();
        }

        await AnsiConsole.Live(new Text("")).StartAsync(async live =>
        {
            while (!Done() && DateTimeOffset.UtcNow < deadline)
            {
                sites = await client.GetAsync<List<SiteRecord>>("/v1/sites", ct);
                live.UpdateTarget(SiteTable.Render(sites, DateTimeOffset.UtcNow));
                await Task.Delay(250, ct);
            }
        });
        return Done();
    }

    private static string WriteSampleBundle(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "instruments"));
        File.WriteAllText(Path.Combine(directory, "gateway.conf"), "[gateway]\nlisten = 127.0.0.1:2575\nprotocol = HL7v2\nforward_patient_data = false\n");
        File.WriteAllText(Path.Combine(directory, "instruments", "cobas-8000.yaml"), "name: cobas-8000\nprotocol: ASTM\nport: /dev/ttyUSB0\nbaud: 9600\n");
        File.WriteAllText(Path.Combine(directory, BundleDefinitionReader.FileName), "healthChecks:\n  - name: gateway-config-present\n    command: test -s gateway.conf\n    timeoutSeconds: 5\n");
        return directory;
    }

    private static string Shorten(string joinCommand) => joinCommand.Length > 90 ? joinCommand[..90] + "…" : joinCommand;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
