using System.Text.Json;
using Outpost.Cli;
using Outpost.Cli.Operator;
using Outpost.Hub.Events;
using Outpost.Hub.Operators;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Tunnels;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>Operator credentials end: a removed or rotated credential is refused at once, and the tunnels it opened close.</summary>
public sealed class OperatorCredentialTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_removed_operator_is_refused_and_its_open_tunnel_ends()
    {
        await using var echo = TargetServer.Echo();
        await using var site = await TunnelSite.StartAsync("lab-op-remove", echo.Target);
        var tina = await site.AddOperatorAsync("tina", "tunnel", "site=lab-op-remove");
        await using var tunnel = await site.ConnectAsync(tina);
        using (var channel = await tunnel.OpenAsync(TunnelTarget.Parse(echo.Target), CancellationToken.None))
        {
            Assert.Equal("hi"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "hi"u8.ToArray()));
        }

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
}
