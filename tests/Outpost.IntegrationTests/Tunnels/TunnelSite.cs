using Outpost.Cli.Tunnels;
using Outpost.Hub.Operators;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>A hub with one running agent whose applied bundle allows the given tunnel targets.</summary>
internal sealed class TunnelSite : IAsyncDisposable
{
    private TunnelSite(TestHub hub, string siteId)
    {
        Hub = hub;
        SiteId = siteId;
    }

    public TestHub Hub { get; }

    public string SiteId { get; }

    public OperatorConfig Admin => OperatorConfig.Load(Hub.Host.OperatorConfigPath);

    public static async Task<TunnelSite> StartAsync(string siteId, params string[] allow)
    {
        var hub = await TestHub.StartAsync();
        try
        {
            await hub.JoinAsync(siteId);
            hub.RunAgent(siteId);
            await PublishAllowListAsync(hub, siteId, allow);
            return new TunnelSite(hub, siteId);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    public static async Task PublishAllowListAsync(TestHub hub, string siteId, IEnumerable<string> allow)
    {
        var list = allow.ToList();
        var yaml = list.Count == 0 ? "tunnel:\n  allow: []\n" : "tunnel:\n  allow:\n" + string.Concat(list.Select(a => $"    - \"{a}\"\n"));
        var bundle = BundleDirectory.Create(hub.Root, $"tunnel-{siteId}-{Guid.NewGuid():N}", new Dictionary<string, string> { ["site.conf"] = siteId + "\n" }, yaml);
        var published = await hub.PublishAsync(bundle, siteId);
        await hub.WaitForSiteAsync(siteId, s => s.AppliedRevision == published.Revision && s.Online, "tunnel policy applied");
    }

    public Task<TunnelConnection> ConnectAsync(OperatorConfig? config = null) =>
        TunnelConnection.ConnectAsync(config ?? Admin, SiteId, CancellationToken.None);

    public async Task<OperatorConfig> AddOperatorAsync(string name, string role, string? sites) =>
        await Hub.Client.PostAsync<OperatorConfig>("/v1/operators", new AddOperatorRequest(name, role, sites), CancellationToken.None);

    /// <summary>Adds a tunnel operator whose sites are this one, connects as it and shows an echo through it works.</summary>
    public async Task<(OperatorConfig Operator, TunnelConnection Tunnel)> ConnectScopedOperatorAsync(string name, string echoTarget)
    {
        var config = await AddOperatorAsync(name, "tunnel", $"site={SiteId}");
        var tunnel = await ConnectAsync(config);
        using var channel = await tunnel.OpenAsync(Outpost.Protocol.Tunnels.TunnelTarget.Parse(echoTarget), CancellationToken.None);
        Assert.Equal("hi"u8.ToArray(), await TunnelStreams.EchoAsync(channel, "hi"u8.ToArray()));
        return (config, tunnel);
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
