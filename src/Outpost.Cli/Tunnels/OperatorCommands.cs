using System.CommandLine;
using System.Text.Json;
using Outpost.Cli.Operator;
using Outpost.Hub.Operators;
using Spectre.Console;

namespace Outpost.Cli.Tunnels;

/// <summary>`outpost operators add|list|set|remove|rotate`: operators, their roles, the sites a tunnel role covers, and their credentials.</summary>
internal static class OperatorCommands
{
    public static Command Create() => new("operators", "Manage operators, their roles and credentials") { CreateAdd(), CreateList(), CreateSet(), CreateRemove(), CreateRotate() };

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
            await WriteConfigAsync(created, parse.GetValue(output), "added");
            return 0;
        });
        return command;
    }

    private static Command CreateSet()
    {
        var name = new Argument<string>("name") { Description = "The operator to change" };
        var role = new Option<string>("--role") { Description = "admin, tunnel or viewer", Required = true };
        var sites = new Option<string?>("--sites") { Description = "For role tunnel: a selector of the sites it may reach, e.g. region=eu-central or site=lab-zurich-01" };
        var config = CommonOptions.Config();
        var command = new Command("set", "Change an operator's role and sites; its credential stays, its open tunnels end") { name, role, sites, config };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var changed = await hub.PutAsync<OperatorChanged>($"/v1/operators/{Uri.EscapeDataString(parse.GetValue(name)!)}", new ChangeOperatorRequest(parse.GetValue(role)!, parse.GetValue(sites)), ct);
            var scope = changed.Sites is { } selector ? $" for sites {selector}" : "";
            Console.WriteLine($"operator {changed.Name} is now {changed.Role}{scope}; {changed.EndedTunnelConnections} open tunnel connection(s) ended");
            return 0;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var name = new Argument<string>("name") { Description = "The operator to remove" };
        var config = CommonOptions.Config();
        var command = new Command("remove", "Remove an operator: its credential is refused from now on and its open tunnels end") { name, config };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var removed = await hub.DeleteAsync<OperatorRemoved>($"/v1/operators/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Console.WriteLine($"operator {removed.Name} removed; {removed.EndedTunnelConnections} open tunnel connection(s) ended");
            return 0;
        });
        return command;
    }

    private static Command CreateRotate()
    {
        var name = new Argument<string>("name") { Description = "The operator whose credential to replace" };
        var output = new Option<string?>("--out") { Description = "Write the new operator config to this file (mode 0600) instead of printing it" };
        var config = CommonOptions.Config();
        var command = new Command("rotate", "Give an operator a new credential: the old one is refused from now on and its open tunnels end") { name, output, config };
        command.SetAction(async (parse, ct) =>
        {
            var current = OperatorConfigLocator.Load(parse.GetValue(config));
            using var hub = new HubClient(current);
            var rotated = await hub.PostAsync<OperatorConfig>($"/v1/operators/{Uri.EscapeDataString(parse.GetValue(name)!)}/rotate", new { }, ct);
            // Rotating one's own credential makes the config just used worthless: it gets the new one in its place.
            var own = rotated.Name == current.Name && current.HubUrl == rotated.HubUrl;
            await WriteConfigAsync(rotated, parse.GetValue(output) ?? (own ? OperatorConfigLocator.PathOf(parse.GetValue(config)) : null), "has a new credential");
            return 0;
        });
        return command;
    }

    private static async Task WriteConfigAsync(OperatorConfig created, string? path, string what)
    {
        if (path is not null)
        {
            created.Save(path);
            await Console.Error.WriteLineAsync($"operator {created.Name} {what}; its config is in {path} (use it with --config or OUTPOST_CONFIG)");
        }
        else
        {
            Console.WriteLine(JsonSerializer.Serialize(created, HubClient.Json));
        }
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
