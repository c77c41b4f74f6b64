using Outpost.Hub.Sites;
using Outpost.Protocol.Bundles;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Outpost.Cli.Operator;

/// <summary>Renders sites as a console table.</summary>
internal static class SiteTable
{
    public static IRenderable Render(IEnumerable<SiteRecord> sites, DateTimeOffset now)
    {
        var table = CommandOutput.Table("SITE", "REGION", "LABELS", "STATUS", "LAST SEEN", "DESIRED", "APPLIED", "HEALTH");

        foreach (var s in sites)
        {
            var status = s.RevokedAt is not null ? "[red]revoked[/]" : s.Online ? "[green]online[/]" : s.EnrolledAt is null ? "[grey]not joined[/]" : "[yellow]offline[/]";
            var converged = s.DesiredRevision is not null && s.DesiredRevision == s.AppliedRevision;
            table.AddRow(
                Markup.Escape(s.Id),
                Markup.Escape(s.Region),
                Markup.Escape(string.Join(",", s.Labels.Select(kv => $"{kv.Key}={kv.Value}"))),
                status,
                s.LastSeen is { } seen ? Ago(now - seen) : "-",
                s.DesiredRevision is { } d ? ContentDigest.Short(d) : "-",
                s.AppliedRevision is { } a ? (converged ? $"[green]{ContentDigest.Short(a)}[/]" : ContentDigest.Short(a)) : "-",
                s.Health switch { "healthy" => "[green]healthy[/]", "unknown" => "[grey]unknown[/]", var h => $"[red]{Markup.Escape(h)}[/]" });
        }

        return table;
    }

    public static string Ago(TimeSpan span) =>
        span.TotalSeconds < 1 ? "now"
        : span.TotalMinutes < 1 ? $"{span.TotalSeconds:0}s ago"
        : span.TotalHours < 1 ? $"{span.TotalMinutes:0}m ago"
        : span.TotalDays < 1 ? $"{span.TotalHours:0}h ago"
        : $"{span.TotalDays:0}d ago";
}
