using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Outpost.Cli.Operator;
using Outpost.Hub.Operators;
using Outpost.Hub.Tunnels;
using Outpost.Protocol.Tunnels;
using Spectre.Console;

namespace Outpost.Cli.Tunnels;

/// <summary>`outpost tunnel …` and `outpost audit`: reach a service at a site through its agent.</summary>
internal static class TunnelCommands
{
    public static IEnumerable<Command> Create() => [CreateTunnel(), CreateAudit(), OperatorCommands.Create()];

    private static Command CreateTunnel()
    {
        var site = new Argument<string>("site") { Description = "The site whose agent dials the target" };
        var forwards = new Argument<string[]>("forward")
        {
            Description = "[LOCAL_ADDR:]LOCAL_PORT:TARGET_HOST:TARGET_PORT, like ssh -L (several allowed)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var stdio = new Option<string?>("--stdio") { Description = "Join stdin/stdout to TARGET_HOST:TARGET_PORT (for ssh -o ProxyCommand)" };
        var config = CommonOptions.Config();
        var command = new Command("tunnel", "Forward local ports to services at a site, through its agent's session") { site, forwards, stdio, config };
        command.SetAction(async (parse, cancel) =>
        {
            // ssh ends its ProxyCommand with SIGHUP: an orderly end like Ctrl-C, so the streams close in order and the
            // audit log says so, rather than the process dying mid-stream.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var hangUp = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                stopping.Cancel();
            });
            var ct = stopping.Token;
            var operatorConfig = OperatorConfigLocator.Load(parse.GetValue(config));
            var siteId = parse.GetValue(site)!;
            var specs = (parse.GetValue(forwards) ?? []).Select(ForwardSpec.Parse).ToList();
            var stdioTarget = parse.GetValue(stdio) is { } s ? TunnelTarget.TryParse(s, out var problem) ?? throw new CliException($"--stdio: {problem}") : null;
            if ((specs.Count == 0) == (stdioTarget is null))
            {
                throw new CliException("give either forwards (LOCAL_PORT:TARGET_HOST:TARGET_PORT ...) or --stdio TARGET_HOST:TARGET_PORT");
            }

            var targets = stdioTarget is not null ? [stdioTarget] : specs.Select(f => f.Target).ToList();
            await PreflightAsync(operatorConfig, siteId, targets, ct);
            await using var connection = await TunnelConnection.ConnectAsync(operatorConfig, siteId, ct);
            return stdioTarget is not null
                ? await RunStdioAsync(connection, stdioTarget, ct)
                : await RunForwardsAsync(connection, specs, ct);
        });
        return command;
    }

    /// <summary>Asks the hub first, so role and allow-list refusals come as a clear message before anything listens.</summary>
    private static async Task PreflightAsync(OperatorConfig config, string siteId, IEnumerable<TunnelTarget> targets, CancellationToken ct)
    {
        using var hub = new HubClient(config);
        var query = string.Join("&", targets.Select(t => "target=" + Uri.EscapeDataString(t.ToString())));
        await hub.GetAsync<JsonElement>($"/v1/sites/{Uri.EscapeDataString(siteId)}/tunnel/check?{query}", ct);
    }

    private static async Task<int> RunStdioAsync(TunnelConnection connection, TunnelTarget target, CancellationToken ct)
    {
        TunnelStream channel;
        try
        {
            channel = await connection.OpenAsync(target, ct);
        }
        catch (TunnelRefusedException e)
        {
            throw new CliException($"{connection.SiteId} {target}: {e.Message}");
        }

        using (channel)
        {
            try
            {
                await StreamPiping.JoinAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), channel, ct);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException)
            {
                throw new CliException($"{connection.SiteId} {target}: stream ended with an error: {e.Message}");
            }
        }

        return 0;
    }

    private static async Task<int> RunForwardsAsync(TunnelConnection connection, IReadOnlyList<ForwardSpec> specs, CancellationToken ct)
    {
        var forwarders = specs.Select(spec => new LocalForwarder(spec, connection, Console.Error)).ToList();
        var listeners = new List<System.Net.Sockets.Socket>();
        try
        {
            foreach (var forwarder in forwarders)
            {
                listeners.Add(forwarder.Listen());
            }
        }
        catch
        {
            listeners.ForEach(l => l.Dispose());
            throw;
        }

        for (var i = 0; i < forwarders.Count; i++)
        {
            await Console.Error.WriteLineAsync($"forwarding {listeners[i].LocalEndPoint} -> {connection.SiteId} {forwarders[i].Target} (Ctrl-C ends)");
        }

        // Ctrl-C (or a hang-up) cancels ct; losing the hub ends every forward too, with a message.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = forwarders.Select((f, i) => f.RunAsync(listeners[i], stop.Token)).ToList();
        var lost = connection.Completion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        await Task.WhenAny(Task.WhenAll(running), lost, Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default));
        var hubGone = connection.Completion.IsCompleted && !ct.IsCancellationRequested;
        await stop.CancelAsync();
        await Task.WhenAll(running);
        if (hubGone)
        {
            throw new CliException($"the connection to the hub ended; the tunnels to {connection.SiteId} are closed");
        }

        return 0;
    }

    private static Command CreateAudit()
    {
        var site = new Option<string?>("--site") { Description = "Only this site's tunnel streams" };
        var limit = new Option<int>("--limit") { Description = "How many of the newest streams", DefaultValueFactory = _ => 100 };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("audit", "List tunnel streams: who reached what, when, bytes each way, how it ended") { site, limit, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var query = $"/v1/tunnels/streams?limit={parse.GetValue(limit)}" + (parse.GetValue(site) is { } s ? $"&site={Uri.EscapeDataString(s)}" : "");
            var streams = await hub.GetAsync<List<TunnelStreamRecord>>(query, ct);
            if (!CommandOutput.WriteJsonIfAsked(parse.GetValue(output), streams))
            {
                AnsiConsole.Write(AuditTable.Render(streams));
            }

            return 0;
        });
        return command;
    }
}
