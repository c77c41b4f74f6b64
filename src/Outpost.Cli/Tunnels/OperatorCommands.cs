using System.CommandLine;
using System.Text.Json;
using Outpost.Cli.Operator;
using Outpost.Hub.Operators;
using Spectre.Console;

namespace Outpost.Cli.Tunnels;

/// <summary>`outpost operators add|list`: operators, their roles and the sites a tunnel role covers.</summary>
internal static class OperatorCommands
{
    public static Command Create() => new("operators", "Manage operators and their roles") { CreateAdd(), CreateList() };

    private static Command CreateAdd()
    {
        var name = new Argument<string>("name") { Description = "The new operator's name" };
        var role = new Option<string>("--role") { Description = "admin, tunnel or viewer", Required = true };
        var sites = new Option<string?>("--sites") { Description = "For role tunnel: a selector of the sites it may reach, e.g. region=eu-central or site=lab-zurich-01" };
        var output = new Option<string?>("--out") { Description = "Write the new operator config to this file (mode 0600) instead of printing it" };
        var config = CommonOptions.Config();
        var command = new Command("add", "Add an operator; prints (or writes) its operator config, which holds its credential") { name, role, sites, output, config };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var created = await hub.PostAsync<OperatorConfig>("/v1/operators", new AddOperatorRequest(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(sites)), ct);
            if (parse.GetValue(output) is { } path)
            {
                created.Save(path);
                await Console.Error.WriteLineAsync($"operator {created.Name} added; its config is in {path} (use it with --config or OUTPOST_CONFIG)");
            }
            else
            {
                Console.WriteLine(JsonSerializer.Serialize(created, HubClient.Json));
            }

            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("list", "List operators with their roles and sites") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var operators = await hub.GetAsync<List<OperatorRecord>>("/v1/operators", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), operators))
            {
                return 0;
            }

            var table = CommandOutput.Table("NAME", "ROLE", "SITES", "CREATED");
            foreach (var op in operators)
            {
                table.AddRow(Markup.Escape(op.Name), op.Role, Markup.Escape(op.Sites ?? (op.IsAdmin ? "(all)" : "-")), op.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
