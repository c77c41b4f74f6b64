using Outpost.Hub.Rollouts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Outpost.Cli.Rollouts;

/// <summary>Renders a rollout: a progress bar per wave, site counts, and the sites that failed or were deferred and why.</summary>
internal static class RolloutStatusView
{
    public static IRenderable Render(RolloutView r)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]rollout {r.Id}[/]  {Markup.Escape(r.Revision)}  policy [bold]{Markup.Escape(r.Policy)}[/]  {StateMarkup(r.State)}{(r.Now ? "  [yellow]--now[/]" : "")}"),
            new Markup($"started {r.CreatedAt:u} by {Markup.Escape(r.CreatedBy)}{(r.FinishedAt is { } f ? $", finished {f:u}" : "")}"),
        };
        if (r.Revisions.Count > 1)
        {
            rows.Add(new Markup($"per-site revisions: {Markup.Escape(string.Join(", ", r.Revisions.Select(t => $"{Short(t.Revision)} ({t.Sites} site(s))")))}"));
        }

        if (r.Reason is { } reason)
        {
            rows.Add(new Markup($"[yellow]{Markup.Escape(reason)}[/]"));
        }

        var table = CommandOutput.Table("WAVE", "STATE", "PROGRESS", "PENDING", "UPDATING", "HEALTHY", "FAILED", "OFFLINE", "DEFERRED", "GATE");

        foreach (var w in r.Waves)
        {
            var gate = $"max {w.MaxUnavailable}, fail at {w.FailureThreshold}, bake {w.BakeTime}" + (w.ApprovalRequired ? $", approval{(w.ApprovedBy is { } by ? $" by {by}" : "")}" : "");
            var pending = w.WaitingWindow > 0 ? $"{w.Pending} ({w.WaitingWindow} wait for window)" : $"{w.Pending}";
            var state = w.State == "baking" && w.BakeUntil is { } until ? $"baking until {until:HH:mm:ss}" : w.State;
            if (r.State == RolloutStates.WaitingApproval && w.Index == r.CurrentWave)
            {
                state = "waits for approval";
            }

            table.AddRow(new Markup(Markup.Escape($"{w.Index + 1}. {w.Name}") + (w.Selector is null ? " [grey](rest)[/]" : $" [grey]({Markup.Escape(w.Selector)})[/]")),
                new Markup(Markup.Escape(state)), new Markup(Bar(w)), new Text(pending), new Text($"{w.Updating}"), new Markup($"[green]{w.Healthy}[/]"),
                new Markup(w.Failed > 0 ? $"[red]{w.Failed}[/]" : "0"), new Text($"{w.Offline}"), new Markup(w.Deferred > 0 ? $"[yellow]{w.Deferred}[/]" : "0"),
                new Markup($"[grey]{Markup.Escape(gate)}[/]"));
        }

        rows.Add(table);
        if (r.Failed.Count > 0)
        {
            rows.Add(new Markup("[red]failed sites:[/]"));
            rows.AddRange(r.Failed.Take(20).Select(p => new Markup($"  {Markup.Escape(p.Site)} [grey]({Markup.Escape(p.Wave)})[/]: {Markup.Escape(p.Reason ?? "")}")));
        }

        if (r.Deferred.Count > 0)
        {
            rows.Add(new Markup($"[yellow]deferred sites ({r.Deferred.Count}): updated when they come back[/]"));
            rows.AddRange(r.Deferred.Take(20).Select(p => new Markup($"  {Markup.Escape(p.Site)} [grey]({Markup.Escape(p.Wave)})[/]: {Markup.Escape(p.Reason ?? "")}")));
        }

        return new Rows(rows);
    }

    public static string StateMarkup(string state) => state switch
    {
        "completed" or "healthy" or "done" => $"[green]{state}[/]",
        "failed" or "rolled-back" => $"[red]{state}[/]",
        "paused" or "waiting-approval" or "deferred" => $"[yellow]{state}[/]",
        _ => Markup.Escape(state),
    };

    public static string Short(string revision) => revision.StartsWith("sha256:", StringComparison.Ordinal) && revision.Length > 19 ? revision[..19] : revision;

    private static string Bar(WaveView w)
    {
        const int width = 24;
        var total = Math.Max(1, w.Total);
        var green = w.Healthy * width / total;
        var red = w.Failed * width / total;
        var yellow = (w.Deferred + w.RolledBack + w.Cancelled) * width / total;
        var blue = w.Updating * width / total;
        var rest = Math.Max(0, width - green - red - yellow - blue);
        return $"[green]{new string('█', green)}[/][red]{new string('█', red)}[/][yellow]{new string('█', yellow)}[/][blue]{new string('▒', blue)}[/][grey]{new string('░', rest)}[/] {w.Done}/{w.Total}";
    }
}
