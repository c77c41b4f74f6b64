using System.Globalization;
using Outpost.Hub.Tunnels;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Outpost.Cli.Tunnels;

/// <summary>Renders tunnel stream audit records as a console table.</summary>
internal static class AuditTable
{
    public static IRenderable Render(IEnumerable<TunnelStreamRecord> streams)
    {
        var table = CommandOutput.Table("ID", "OPENED", "SITE", "BY", "TARGET", "TO SITE", "FROM SITE", "SECONDS", "OUTCOME");

        foreach (var s in streams)
        {
            var outcome = s.Reason is null ? s.Outcome : $"{s.Outcome}: {s.Reason}";
            table.AddRow(
                s.Id.ToString(CultureInfo.InvariantCulture),
                s.OpenedAt.ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(s.SiteId),
                Markup.Escape(s.Operator),
                Markup.Escape(s.Target),
                s.BytesToSite.ToString("N0", CultureInfo.InvariantCulture),
                s.BytesFromSite.ToString("N0", CultureInfo.InvariantCulture),
                s.DurationSeconds is { } d ? d.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(outcome.Length > 120 ? outcome[..117] + "..." : outcome));
        }

        return table;
    }
}
