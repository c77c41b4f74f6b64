using System.CommandLine;
using Outpost.Cli.Operator;
using Outpost.Hub.Rollouts;
using Spectre.Console;

namespace Outpost.Cli.Rollouts;

/// <summary>`outpost rollout …`: staged rollouts of a revision.</summary>
internal static class RolloutCommands
{
    public static IEnumerable<Command> Create()
    {
        var command = new Command("rollout", "Roll a revision out to the fleet in waves, gated on health, inside maintenance windows");
        command.Subcommands.Add(Start());
        command.Subcommands.Add(RolloutStatusCommand.Create());
        command.Subcommands.Add(List());
        foreach (var (name, description) in new[]
                 {
                     ("pause", "Pause a rollout: no further site gets the revision"),
                     ("resume", "Resume a paused rollout (failures so far no longer count against the wave's threshold)"),
                     ("approve", "Approve the wave that waits for manual approval"),
                     ("rollback", "Roll back: every updated site gets its previous desired revision back; the rest are cancelled"),
                 })
        {
            command.Subcommands.Add(Action(name, description));
        }

        command.Subcommands.Add(History());
        command.Subcommands.Add(RolloutPolicyCommands.Create());
        return [command];
    }

    private static Command Start()
    {
        var revision = new Argument<string>("revision") { Description = "Revision digest (sha256:… or an unambiguous prefix of its hex)" };
        var policy = new Option<string?>("--policy") { Description = "Name of a stored policy (default: the policy named 'default', else one wave, 25% at a time)" };
        var policyFile = new Option<string?>("--policy-file") { Description = "A policy YAML file used for this rollout only (not stored)" };
        var now = new Option<bool>("--now") { Description = "Ignore maintenance windows: update sites as soon as their wave runs" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("start", "Start a rollout of a revision") { revision, policy, policyFile, now, config, output };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(policy) is not null && parse.GetValue(policyFile) is not null)
            {
                throw new CliException("give --policy or --policy-file, not both");
            }

            string? yaml = null;
            if (parse.GetValue(policyFile) is { } file)
            {
                yaml = File.Exists(file) ? await File.ReadAllTextAsync(file, ct) : throw new CliException($"policy file {file} does not exist");
            }

            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var request = new RolloutStartRequest(parse.GetValue(revision)!, parse.GetValue(policy), yaml, parse.GetValue(policyFile), parse.GetValue(now));
            var view = await hub.PostAsync<RolloutView>("/v1/rollouts", request, ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), view))
            {
                return 0;
            }

            Console.WriteLine($"rollout {view.Id} started: {view.Revision} with policy {view.Policy}, {view.Waves.Sum(w => w.Total)} site(s) in {view.Waves.Count} wave(s)");
            Console.WriteLine($"follow it with: outpost rollout status {view.Id} --watch");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("list", "List rollouts, newest first") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var rollouts = await hub.GetAsync<List<RolloutView>>("/v1/rollouts", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), rollouts))
            {
                return 0;
            }

            var table = CommandOutput.Table("ID", "REVISION", "POLICY", "STATE", "WAVE", "HEALTHY", "FAILED", "DEFERRED", "SITES", "STARTED", "BY");

            foreach (var r in rollouts)
            {
                table.AddRow(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(RolloutStatusView.Short(r.Revision)), Markup.Escape(r.Policy),
                    RolloutStatusView.StateMarkup(r.State), Markup.Escape(r.CurrentWave < r.Waves.Count ? r.Waves[r.CurrentWave].Name : "-"),
                    $"{r.Waves.Sum(w => w.Healthy)}", $"{r.Waves.Sum(w => w.Failed)}", $"{r.Waves.Sum(w => w.Deferred)}", $"{r.Waves.Sum(w => w.Total)}",
                    r.CreatedAt.ToString("u"), Markup.Escape(r.CreatedBy));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Action(string name, string description)
    {
        var id = new Argument<string?>("id") { Description = "Rollout id (default: the active rollout)", Arity = ArgumentArity.ZeroOrOne };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command(name, description) { id, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var target = parse.GetValue(id) ?? "current";
            var view = await hub.PostAsync<RolloutView>($"/v1/rollouts/{Uri.EscapeDataString(target)}/{name}", new { }, ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), view))
            {
                return 0;
            }

            Console.WriteLine($"rollout {view.Id}: {view.State}{(view.Reason is { } reason ? $" ({reason})" : "")}");
            return 0;
        });
        return command;
    }

    private static Command History()
    {
        var site = new Argument<string>("site") { Description = "Site id" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("history", "The rollouts a site took part in, and how each went for it") { site, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var entries = await hub.GetAsync<List<SiteRolloutEntry>>($"/v1/rollout-history/{Uri.EscapeDataString(parse.GetValue(site)!)}", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), entries))
            {
                return 0;
            }

            var table = CommandOutput.Table("ROLLOUT", "REVISION", "ROLLOUT STATE", "WAVE", "SITE STATE", "PREVIOUS", "UPDATED", "DONE", "REASON");

            foreach (var e in entries)
            {
                table.AddRow(e.Rollout.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(RolloutStatusView.Short(e.Revision)),
                    RolloutStatusView.StateMarkup(e.RolloutState), Markup.Escape(e.Wave), RolloutStatusView.StateMarkup(e.State),
                    Markup.Escape(e.PreviousRevision is null ? "-" : RolloutStatusView.Short(e.PreviousRevision)), e.DispatchedAt?.ToString("u") ?? "-",
                    e.FinishedAt?.ToString("u") ?? "-", Markup.Escape(e.Reason ?? ""));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
