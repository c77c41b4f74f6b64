using System.CommandLine;
using Outpost.Cli.Operator;
using Outpost.Hub.Rollouts;
using Spectre.Console;

namespace Outpost.Cli.Rollouts;

/// <summary>`outpost rollout status [ID] [--watch]`: one look, or a live view until the rollout stops moving.</summary>
internal static class RolloutStatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "Rollout id (default: the active rollout, else the newest)", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep the view live until the rollout completes, pauses or is rolled back" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("status", "Show a rollout: waves, counts, failed and deferred sites") { id, watch, config, output };
        command.SetAction(async (parse, ct) =>
        {
            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var path = $"/v1/rollouts/{Uri.EscapeDataString(parse.GetValue(id) ?? "current")}";
            var view = await hub.GetAsync<RolloutView>(path, ct);
            if (CommandOutput.WriteJsonIfAsked(parse.GetValue(output), view))
            {
                return 0;
            }

            if (!parse.GetValue(watch))
            {
                AnsiConsole.Write(RolloutStatusView.Render(view));
                return 0;
            }

            await AnsiConsole.Live(RolloutStatusView.Render(view)).StartAsync(async live =>
            {
                // Watch until the rollout completes, pauses or is rolled back.
                while (Moving(view) && !ct.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    view = await hub.GetAsync<RolloutView>($"/v1/rollouts/{view.Id}", ct);
                    live.UpdateTarget(RolloutStatusView.Render(view));
                }
            });
            return view.State is RolloutStates.Completed ? 0 : 2;
        });
        return command;
    }

    // Waiting for approval counts as moving: another operator may approve while this one watches.
    private static bool Moving(RolloutView view) => view.State is RolloutStates.Running or RolloutStates.WaitingApproval;
}
