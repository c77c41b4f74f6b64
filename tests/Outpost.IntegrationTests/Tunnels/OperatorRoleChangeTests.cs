using Outpost.Cli;
using Outpost.Cli.Operator;
using Outpost.Hub.Events;
using Outpost.Hub.Operators;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>An operator's role and sites change in place: the credential stays, tunnels opened under the old role end.</summary>
public sealed class OperatorRoleChangeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Narrowing_an_operators_sites_ends_its_open_tunnel_and_refuses_the_site_from_then_on_with_the_same_credential()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-op-narrow", echo.Target);
        var tina = await site.AddOperatorAsync("tina", "tunnel", "site=lab-op-narrow");
        await using var tunnel = await site.ConnectAsync(tina);
        using (var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None))
        {
            Assert.Equal("hi"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "hi"u8.ToArray()));
        }

        var changed = await site.Hub.Client.PutAsync<OperatorChanged>("/v1/operators/tina", new ChangeOperatorRequest("tunnel", "region=eu-west"), CancellationToken.None);

        Assert.Equal(new OperatorChanged("tina", "tunnel", "region=eu-west", 1), changed);
        await tunnel.Completion.WaitAsync(Patience);
        var refused = await Assert.ThrowsAsync<CliException>(() => site.ConnectAsync(tina));
        Assert.Contains(site.SiteId, refused.Message, StringComparison.Ordinal);
        using (var client = new HubClient(tina))
        {
            // Still a valid credential: it reads the fleet as before.
            var operators = await client.GetAsync<List<OperatorRecord>>("/v1/operators", CancellationToken.None);
            Assert.Contains(operators, o => o is { Name: "tina", Role: "tunnel", Sites: "region=eu-west" });
        }

        // Widened again (role admin covers every site), the same credential reaches the site.
        await site.Hub.Client.PutAsync<OperatorChanged>("/v1/operators/tina", new ChangeOperatorRequest("admin", null), CancellationToken.None);
        await using (var again = await site.ConnectAsync(tina))
        using (var channel = await again.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None))
        {
            Assert.Equal("ok"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "ok"u8.ToArray()));
        }

        var events = await site.Hub.Client.GetAsync<List<HubEvent>>("/v1/events?limit=1000", CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Kind == "operator-changed" && e.Actor == "operator:admin" && e.Data.Contains("tina", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Operators_set_through_the_executable_changes_a_role_and_refuses_bad_ones_with_the_reason()
    {
        await using var hub = await TestHub.StartAsync();
        var config = hub.Host.OperatorConfigPath;
        await hub.Client.PostAsync<OperatorConfig>("/v1/operators", new AddOperatorRequest("vic", "viewer", null), CancellationToken.None);

        var set = await OutpostProcess.RunAsync(config, "operators", "set", "vic", "--role", "tunnel", "--sites", "region=eu-central");
        var noSites = await OutpostProcess.RunAsync(config, "operators", "set", "vic", "--role", "tunnel");
        var sitesOnViewer = await OutpostProcess.RunAsync(config, "operators", "set", "vic", "--role", "viewer", "--sites", "region=eu-central");
        var unknownRole = await OutpostProcess.RunAsync(config, "operators", "set", "vic", "--role", "root");
        var unknownName = await OutpostProcess.RunAsync(config, "operators", "set", "nobody", "--role", "viewer");
        var lastAdmin = await OutpostProcess.RunAsync(config, "operators", "set", "admin", "--role", "viewer");

        Assert.Equal((0, "operator vic is now tunnel for sites region=eu-central; 0 open tunnel connection(s) ended"), (set.ExitCode, set.Stdout.Trim()));
        Assert.Equal(1, noSites.ExitCode);
        Assert.Contains("role tunnel needs --sites SELECTOR", noSites.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, sitesOnViewer.ExitCode);
        Assert.Contains("--sites applies to role tunnel only", sitesOnViewer.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownRole.ExitCode);
        Assert.Contains("role 'root' does not exist (roles: admin, tunnel, viewer)", unknownRole.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownName.ExitCode);
        Assert.Contains("operator 'nobody' does not exist", unknownName.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, lastAdmin.ExitCode);
        Assert.Contains("'admin' is the last admin; make another operator admin first", lastAdmin.Stderr, StringComparison.Ordinal);

        // The refusals changed nothing: vic keeps the role the first command gave it, admin stays admin.
        var operators = await hub.Client.GetAsync<List<OperatorRecord>>("/v1/operators", CancellationToken.None);
        Assert.Contains(operators, o => o is { Name: "vic", Role: "tunnel", Sites: "region=eu-central" });
        Assert.Contains(operators, o => o is { Name: "admin", Role: "admin" });
        // Only an admin changes roles: vic (a tunnel operator now) may not make itself admin.
        using var vic = new HubClient(await hub.Client.PostAsync<OperatorConfig>("/v1/operators/vic/rotate", new { }, CancellationToken.None));
        var viewerWrite = await Assert.ThrowsAsync<CliException>(() => vic.PutAsync<OperatorChanged>("/v1/operators/vic", new ChangeOperatorRequest("admin", null), CancellationToken.None));
        Assert.Contains("admin only", viewerWrite.Message, StringComparison.Ordinal);
    }
}
