using System.CommandLine;
using Outpost.Cli.Demo;
using Outpost.Cli.Fleet;
using Outpost.Cli.Hosting;
using Outpost.Cli.Operator;
using Outpost.Cli.Templates;

namespace Outpost.Cli;

/// <summary>Every top-level command of the outpost executable.</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> Build()
    {
        yield return HubCommand.Create();
        yield return AgentCommands.Create();
        yield return SiteCommands.Create();
        yield return PublishCommand.Create();
        yield return EventsCommand.Create();
        yield return DemoCommand.Create();
        yield return new Command("template", "Work with Jinja2 templates") { TemplateRenderCommand.Create() };
        yield return FleetCommands.CreateRender();
        yield return FleetCommands.CreateDiff();
        yield return GitOps.FleetHubCommands.Create();
        foreach (var command in Rollouts.RolloutCommands.Create().Concat(Tunnels.TunnelCommands.Create()))
        {
            yield return command;
        }
    }
}
