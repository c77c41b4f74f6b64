using System.CommandLine;
using Outpost.Hub.Events;
using Spectre.Console;

namespace Outpost.Cli.Operator;

/// <summary>`outpost events [--site ID]`: the hub's event and audit log.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var site = new Option<string?>("--site") { Description = "Only this site's events" };
        var limit = new Option<int>("--limit") { Description = "How many of the newest events", DefaultValueFactory = _ => 100 };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("events", "Show the hub's event and audit log") { site, limit, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var query = $"/v1/events?limit={parse.GetValue(limit)}" + (parse.GetValue(site) is { } s ? $"&site={Uri.EscapeDataString(s)}" : "");
            var events = await hub.GetAsync<List<HubEvent>>(query, ct);
            if (!CommandOutput.WriteJsonIfAsked(parse.GetValue(output), events))
            {
                AnsiConsole.Write(EventTable.Render(events));
            }

            return 0;
        });
        return command;
    }
}
