using Outpost.Hub.Events;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Outpost.Cli.Operator;

/// <summary>Renders hub events as a console table.</summary>
internal static class EventTable
{
    public static IRenderable Render(IEnumerable<HubEvent> events)
    {
        var table = CommandOutput.Table("TIME", "SITE", "EVENT", "BY", "DATA");

        foreach (var e in events)
        {
            var data = e.Data.Length > 100 ? e.Data[..97] + "..." : e.Data;
            table.AddRow(e.At.ToString("u"), Markup.Escape(e.SiteId ?? "-"), Markup.Escape(e.Kind), Markup.Escape(e.Actor), Markup.Escape(data));
        }

        return table;
    }
}
