using System.CommandLine;
using Outpost.Cli.Operator;
using Outpost.Hub.GitOps;
using Outpost.Protocol.Bundles;

namespace Outpost.Cli.GitOps;

/// <summary>`outpost fleet status|refresh`: what a hub following a fleet repository rendered and published.</summary>
internal static class FleetHubCommands
{
    public static Command Create() => new("fleet", "The fleet repository a hub follows (hub started with --fleet-repo)")
    {
        Status(),
        Refresh(),
    };

    private static Command Status()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("status", "Show the commit the hub rendered last, what changed, and render errors") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            Print(await hub.GetAsync<FleetStatus>("/v1/fleet/status", ct), parse.GetValue(output)!);
            return 0;
        });
        return command;
    }

    private static Command Refresh()
    {
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("refresh", "Check the fleet branch now, apply a new commit, and show the result (exit 1 when sites failed)") { config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var status = await hub.PostAsync<FleetStatus>("/v1/fleet/refresh", new { }, ct);
            Print(status, parse.GetValue(output)!);
            return status.Failed > 0 || status.RepositoryErrors.Count > 0 || status.PolicyErrors.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private static void Print(FleetStatus status, string output)
    {
        if (CommandOutput.WriteJsonIfAsked(output, status))
        {
            return;
        }

        if (!status.Enabled)
        {
            Console.WriteLine("This hub follows no fleet repository (start it with --fleet-repo URL --branch NAME).");
            return;
        }

        Console.WriteLine($"repository  {status.Repository} (branch {status.Branch}, polled every {status.PollSeconds:0.#} s)");
        Console.WriteLine($"commit      {status.Commit ?? "-"}{(status.RenderedAt is { } at ? $", rendered {at:yyyy-MM-dd HH:mm:ss}Z" : "")}");
        Console.WriteLine($"checked     {(status.CheckedAt is { } checkedAt ? $"{checkedAt:yyyy-MM-dd HH:mm:ss}Z" : "-")} ({status.State})");
        Console.WriteLine($"sites       {status.Sites} in inventory: {status.Rendered} rendered, {status.Reused} reused; {status.Changed} changed, {status.Unchanged} unchanged, {status.Failed} failed");
        Line("created", status.CreatedSites, "(join them with `outpost sites token ID`)");
        Line("removed", status.RemovedSites, "(left on the hub with their last revision)");
        Line("skipped", status.SkippedSites, "(revoked on the hub)");
        foreach (var revision in status.Revisions)
        {
            Console.WriteLine($"revision    {revision.Name}  {ContentDigest.Short(revision.Revision)}  -> {string.Join(", ", revision.Sites)}");
        }

        if (status.RolloutPolicy is not null)
        {
            Console.WriteLine($"rollout     policy {status.RolloutPolicy}: " + (status.Rollout is { } id ? $"rollout {id} (outpost rollout status {id})" : status.RolloutHeld ?? "nothing to roll out"));
        }

        Line("held", status.HeldSites, "(changed, not rolled out yet)");
        if (status.Policies.Count > 0)
        {
            Console.WriteLine($"policies    {string.Join(", ", status.Policies)} (from rollouts/)");
        }

        foreach (var error in status.PolicyErrors)
        {
            Console.Error.WriteLine($"policy error: {error.Text}");
        }

        foreach (var error in status.RepositoryErrors)
        {
            Console.Error.WriteLine($"repository error: {error.Text}");
        }

        foreach (var error in status.Errors)
        {
            Console.Error.WriteLine($"error: {error.Text}");
        }
    }

    private static void Line(string label, IReadOnlyList<string> sites, string note)
    {
        if (sites.Count > 0)
        {
            Console.WriteLine($"{label,-11} {string.Join(", ", sites)} {note}");
        }
    }
}
