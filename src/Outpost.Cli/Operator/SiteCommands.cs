using System.CommandLine;
using System.Text.Json;
using Outpost.Hub.Api;
using Outpost.Hub.Sites;
using Spectre.Console;

namespace Outpost.Cli.Operator;

/// <summary>`outpost sites add|list|show|token|revoke`.</summary>
internal static class SiteCommands
{
    public static Command Create()
    {
        var command = new Command("sites", "Manage the sites of a hub");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Token());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Add()
    {
        var id = new Argument<string>("id") { Description = "Site id: lower-case letters, digits and '-'" };
        var region = new Option<string?>("--region") { Description = "Region of the site" };
        var labels = new Option<string[]>("--label") { Description = "key=value label (repeatable)", AllowMultipleArgumentsPerToken = false };
        var vars = new Option<string[]>("--var") { Description = "key=value variable (repeatable)" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("add", "Add a site and print its one-line join command") { id, region, labels, vars, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var request = new AddSiteRequest(parse.GetValue(id)!, parse.GetValue(region), Pairs(parse.GetValue(labels), "--label"), Pairs(parse.GetValue(vars), "--var"));
            var token = await hub.PostAsync<JoinTokenResponse>("/v1/sites", request, ct);
            PrintToken(token, parse.GetValue(output)!);
            return 0;
        });
        return command;
    }

    private static Command Token()
    {
        var id = new Argument<string>("id") { Description = "Site id" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("token", "Issue a new one-time join token for a site (to re-join it)") { id, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            PrintToken(await hub.PostAsync<JoinTokenResponse>($"/v1/sites/{Uri.EscapeDataString(parse.GetValue(id)!)}/token", new { }, ct), parse.GetValue(output)!);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("list", "List sites: region, labels, online, last seen, desired and applied revision, health") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var sites = await hub.GetAsync<List<SiteRecord>>("/v1/sites", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), sites))
            {
                return 0;
            }

            AnsiConsole.Write(SiteTable.Render(sites, DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "Site id" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("show", "Show one site with its recent events") { id, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var details = await hub.GetAsync<SiteDetails>($"/v1/sites/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), details))
            {
                return 0;
            }

            AnsiConsole.Write(SiteTable.Render([details.Site], DateTimeOffset.UtcNow));
            var s = details.Site;
            Console.WriteLine($"vars:    {string.Join(", ", s.Vars.Select(kv => $"{kv.Key}={kv.Value}"))}");
            Console.WriteLine($"desired: {s.DesiredRevision ?? "-"}");
            Console.WriteLine($"applied: {s.AppliedRevision ?? "-"}");
            Console.WriteLine($"agent:   {s.AgentVersion ?? "-"}   enrolled: {s.EnrolledAt?.ToString("u") ?? "not yet"}{(s.RevokedAt is { } r ? $"   REVOKED {r:u}" : "")}");
            AnsiConsole.Write(EventTable.Render(details.Events));
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "Site id" };
        var config = CommonOptions.Config();
        var command = new Command("revoke", "Revoke a site: end its session now and refuse its certificate from then on") { id, config };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            await hub.PostAsync<JsonElement>($"/v1/sites/{Uri.EscapeDataString(parse.GetValue(id)!)}/revoke", new { }, ct);
            Console.WriteLine($"site {parse.GetValue(id)} revoked");
            return 0;
        });
        return command;
    }

    private static void PrintToken(JoinTokenResponse token, string output)
    {
        if (CommandOutput.WriteJsonIfAsked(output, token))
        {
            return;
        }

        Console.Error.WriteLine($"Site {token.SiteId}: run this on the lab computer (one-time token, expires {token.ExpiresAt:u}):");
        Console.WriteLine(token.JoinCommand);
    }

    internal static Dictionary<string, string> Pairs(string[]? values, string flag)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException($"{flag} '{value}' must be key=value");
            }

            pairs[value[..eq]] = value[(eq + 1)..];
        }

        return pairs;
    }
}
