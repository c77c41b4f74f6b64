using System.Text.Json;
using Outpost.Cli;
using Outpost.Cli.Operator;
using Outpost.Hub.Events;
using Outpost.Hub.Operators;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>
/// An operator's life: a removed or rotated credential is refused at once and the tunnels it opened close; a role or scope
/// changes in place, and tunnels opened under the old one end.
/// </summary>
public sealed class OperatorLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_removed_operator_is_refused_and_its_open_tunnel_ends()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-op-remove", echo.Target);
        var (tina, tunnel) = await site.ConnectScopedOperatorAsync("tina", echo.Target);
        await using var _ = tunnel;

        var removed = await site.Hub.Client.DeleteAsync<OperatorRemoved>("/v1/operators/tina", CancellationToken.None);

        Assert.Equal(new OperatorRemoved("tina", 1), removed);
        await tunnel.Completion.WaitAsync(Patience);
        using (var client = new HubClient(tina))
        {
            var refused = await Assert.ThrowsAsync<CliException>(() => client.GetAsync<JsonElement>("/v1/sites", CancellationToken.None));
            Assert.Contains("does not accept this operator credential: it was removed or rotated", refused.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<CliException>(() => site.ConnectAsync(tina));
        var operators = await site.Hub.Client.GetAsync<List<OperatorRecord>>("/v1/operators", CancellationToken.None);
        Assert.DoesNotContain(operators, o => o.Name == "tina");
        var events = await site.Hub.Client.GetAsync<List<HubEvent>>("/v1/events?limit=1000", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == "operator-removed" && e.Actor == "operator:admin" && e.Data.Contains("tina", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotating_a_credential_refuses_the_old_token_ends_its_tunnels_and_the_new_one_works()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-op-rotate", echo.Target);
        var old = await site.AddOperatorAsync("otto", "tunnel", "site=lab-op-rotate");
        await using var oldTunnel = await site.ConnectAsync(old);

        var rotated = await site.Hub.Client.PostAsync<OperatorConfig>("/v1/operators/otto/rotate", new { }, CancellationToken.None);

        Assert.Equal("otto", rotated.Name);
        Assert.NotEqual(old.Token, rotated.Token);
        await oldTunnel.Completion.WaitAsync(Patience);
        using (var client = new HubClient(old))
        {
            await Assert.ThrowsAsync<CliException>(() => client.GetAsync<JsonElement>("/v1/sites", CancellationToken.None));
        }

        await using var tunnel = await site.ConnectAsync(rotated);
        using var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None);
        Assert.Equal("ok"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "ok"u8.ToArray()));
    }

    [Fact]
    public async Task The_last_admin_stays_unknown_operators_are_named_and_only_admins_may_do_either()
    {
        await using var hub = await TestHub.StartAsync();

        var last = await Assert.ThrowsAsync<CliException>(() => hub.Client.DeleteAsync<OperatorRemoved>("/v1/operators/admin", CancellationToken.None));
        Assert.Contains("'admin' is the last admin", last.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<CliException>(() => hub.Client.DeleteAsync<OperatorRemoved>("/v1/operators/nobody", CancellationToken.None));
        Assert.Contains("operator 'nobody' does not exist", unknown.Message, StringComparison.Ordinal);
        var unknownRotate = await Assert.ThrowsAsync<CliException>(() => hub.Client.PostAsync<OperatorConfig>("/v1/operators/nobody/rotate", new { }, CancellationToken.None));
        Assert.Contains("operator 'nobody' does not exist", unknownRotate.Message, StringComparison.Ordinal);

        var viewer = await hub.Client.PostAsync<OperatorConfig>("/v1/operators", new AddOperatorRequest("vic", "viewer", null), CancellationToken.None);
        using (var client = new HubClient(viewer))
        {
            var remove = await Assert.ThrowsAsync<CliException>(() => client.DeleteAsync<OperatorRemoved>("/v1/operators/admin", CancellationToken.None));
            Assert.Contains("admin only", remove.Message, StringComparison.Ordinal);
            var rotate = await Assert.ThrowsAsync<CliException>(() => client.PostAsync<OperatorConfig>("/v1/operators/admin/rotate", new { }, CancellationToken.None));
            Assert.Contains("admin only", rotate.Message, StringComparison.Ordinal);
        }

        // With a second admin, the first may go; the hub still has one.
        var second = await hub.Client.PostAsync<OperatorConfig>("/v1/operators", new AddOperatorRequest("ada", "admin", null), CancellationToken.None);
        using var ada = new HubClient(second);
        Assert.Equal(new OperatorRemoved("admin", 0), await ada.DeleteAsync<OperatorRemoved>("/v1/operators/admin", CancellationToken.None));
        var operators = await ada.GetAsync<List<OperatorRecord>>("/v1/operators", CancellationToken.None);
        Assert.Equal(["ada", "vic"], operators.Select(o => o.Name).ToArray());
    }

    [Fact]
    public async Task Operators_rotate_on_ones_own_name_writes_the_new_credential_into_the_config_it_used()
    {
        await using var hub = await TestHub.StartAsync();
        var path = Path.Combine(hub.Root, "admin-copy.json");
        File.Copy(hub.Host.OperatorConfigPath, path);
        var before = OperatorConfig.Load(path);

        var rotate = await OutpostProcess.RunAsync(path, "operators", "rotate", "admin");

        Assert.Equal(0, rotate.ExitCode);
        Assert.Contains($"its config is in {path}", rotate.Stderr, StringComparison.Ordinal);
        var after = OperatorConfig.Load(path);
        Assert.NotEqual(before.Token, after.Token);
        var list = await OutpostProcess.RunAsync(path, "operators", "list", "-o", "json");
        Assert.Equal(0, list.ExitCode);
        var stale = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "sites", "list");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("does not accept this operator credential: it was removed or rotated", stale.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Narrowing_an_operators_sites_ends_its_open_tunnel_and_refuses_the_site_from_then_on_with_the_same_credential()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-op-narrow", echo.Target);
        var (tina, tunnel) = await site.ConnectScopedOperatorAsync("tina", echo.Target);
        await using var _ = tunnel;

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
