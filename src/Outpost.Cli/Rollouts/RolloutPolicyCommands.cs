using System.CommandLine;
using Outpost.Cli.Operator;
using Outpost.Hub.Rollouts;
using Spectre.Console;

namespace Outpost.Cli.Rollouts;

/// <summary>`outpost rollout policy apply FILE.yaml | list`: named rollout policies stored on the hub.</summary>
internal static class RolloutPolicyCommands
{
    public static Command Create()
    {
        var command = new Command("policy", "Manage rollout policies stored on the hub");
        command.Subcommands.Add(Apply());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Apply()
    {
        var file = new Argument<string>("file") { Description = "Policy YAML file (name, waves, maintenanceWindows, autoRollback, offlineDeadline)" };
        var config = CommonOptions.Config();
        var command = new Command("apply", "Create or replace a policy from a YAML file; errors name the file, line and field") { file, config };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"policy file {path} does not exist");
            }

            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var summary = await hub.PostAsync<PolicySummary>("/v1/rollout-policies", new PolicyApplyRequest(path, await File.ReadAllTextAsync(path, ct)), ct);
            Console.WriteLine($"policy {summary.Name} applied: waves {string.Join(" → ", summary.Waves)}");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("list", "List stored policies") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var policies = await hub.GetAsync<List<PolicySummary>>("/v1/rollout-policies", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), policies))
            {
                return 0;
            }

            var table = CommandOutput.Table("NAME", "WAVES", "WINDOWS", "AUTO-ROLLBACK", "SOURCE", "FILE", "UPDATED", "BY");

            foreach (var p in policies)
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(string.Join(" → ", p.Waves)), $"{p.MaintenanceWindows}", p.AutoRollback ? "yes" : "no",
                    Markup.Escape(p.Commit is { } commit ? $"fleet@{commit[..Math.Min(12, commit.Length)]}" : p.Origin), Markup.Escape(p.File), p.UpdatedAt.ToString("u"), Markup.Escape(p.UpdatedBy));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
