using System.Net;
using System.Net.Sockets;
using Outpost.Agent;
using Outpost.Agent.Identity;
using Outpost.Cli.Operator;
using Outpost.Hub;
using Outpost.Hub.Api;
using Outpost.Hub.Operators;
using Outpost.Hub.Sites;

namespace Outpost.IntegrationTests.Support;

/// <summary>A real hub on a loopback port in a temp dir, with helpers to add sites, run agents and publish.</summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly List<(CancellationTokenSource Stop, Task Run)> _agents = [];
    private HubHost? _host;
    private IReadOnlyDictionary<string, string> _extra = new Dictionary<string, string>();

    private TestHub(string root, int port, AdjustableClock clock, TimeSpan heartbeat, TimeSpan offlineAfter, TimeSpan certificateLifetime)
    {
        CertificateLifetime = certificateLifetime;
        Root = root;
        Port = port;
        Clock = clock;
        Heartbeat = heartbeat;
        OfflineAfter = offlineAfter;
    }

    public string Root { get; }
    public int Port { get; }
    public AdjustableClock Clock { get; }
    public TimeSpan Heartbeat { get; }
    public TimeSpan OfflineAfter { get; }
    public TimeSpan CertificateLifetime { get; }
    public HubHost Host => _host ?? throw new InvalidOperationException("The hub is stopped.");
    public string Url => $"https://127.0.0.1:{Port}";
    public HubClient Client { get; private set; } = null!;

    public static async Task<TestHub> StartAsync(TimeSpan? heartbeat = null, TimeSpan? offlineAfter = null, TimeSpan? certificateLifetime = null)
    {
        // A port found free can be taken by another process before Kestrel binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var root = Directory.CreateTempSubdirectory("outpost-it-").FullName;
            var hub = new TestHub(root, FreePort(), new AdjustableClock(), heartbeat ?? TimeSpan.FromSeconds(1), offlineAfter ?? TimeSpan.FromSeconds(4), certificateLifetime ?? TimeSpan.FromDays(30));
            try
            {
                await hub.StartHubAsync();
                return hub;
            }
            catch (IOException) when (attempt < 5)
            {
                await hub.DisposeAsync();
            }
        }
    }

    /// <summary>Starts a hub with feature settings (<see cref="HubOptions.Extra"/>, e.g. "fleet.repo").</summary>
    public static async Task<TestHub> StartAsync(IReadOnlyDictionary<string, string> extra)
    {
        for (var attempt = 1; ; attempt++)
        {
            var root = Directory.CreateTempSubdirectory("outpost-it-").FullName;
            var hub = new TestHub(root, FreePort(), new AdjustableClock(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromDays(30)) { _extra = extra };
            try
            {
                await hub.StartHubAsync();
                return hub;
            }
            catch (IOException) when (attempt < 5)
            {
                await hub.DisposeAsync();
            }
        }
    }

    /// <summary>Enrols an agent for a site the hub already has (e.g. one the fleet follower created from the inventory).</summary>
    public async Task<string> JoinExistingAsync(string siteId)
    {
        var token = await Client.PostAsync<JoinTokenResponse>($"/v1/sites/{siteId}/token", new { }, CancellationToken.None);
        await AgentEnroller.JoinAsync(Url, token.Token, AgentDir(siteId), null, CancellationToken.None);
        return AgentDir(siteId);
    }

    /// <summary>Starts (or restarts) the hub process part on the same port and data dir.</summary>
    public async Task StartHubAsync()
    {
        _host = await HubHost.StartAsync(new HubOptions
        {
            DataDirectory = Path.Combine(Root, "hub"),
            Listen = Url,
            HeartbeatInterval = Heartbeat,
            OfflineAfter = OfflineAfter,
            CertificateLifetime = CertificateLifetime,
            Extra = new Dictionary<string, string>(_extra, StringComparer.Ordinal),
        }, time: Clock);
        Client?.Dispose();
        Client = new HubClient(OperatorConfig.Load(_host.OperatorConfigPath));
    }

    public async Task StopHubAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public Task<JoinTokenResponse> AddSiteAsync(string id, string region = "eu-central", Dictionary<string, string>? labels = null) =>
        Client.PostAsync<JoinTokenResponse>("/v1/sites", new AddSiteRequest(id, region, labels ?? [], []), CancellationToken.None);

    public string AgentDir(string siteId) => Path.Combine(Root, "agents", siteId);

    public async Task<string> JoinAsync(string siteId, string? proxy = null)
    {
        var token = await AddSiteAsync(siteId);
        await AgentEnroller.JoinAsync(Url, token.Token, AgentDir(siteId), proxy, CancellationToken.None);
        return AgentDir(siteId);
    }

    /// <summary>Adds a site with a region and labels, and enrols its agent (not started).</summary>
    public async Task<string> JoinAsync(string siteId, string region, Dictionary<string, string> labels)
    {
        var token = await AddSiteAsync(siteId, region, labels);
        await AgentEnroller.JoinAsync(Url, token.Token, AgentDir(siteId), null, CancellationToken.None);
        return AgentDir(siteId);
    }

    /// <summary>Runs an agent in the background until the returned source is cancelled.</summary>
    public (CancellationTokenSource Stop, Task Run) RunAgent(string siteId, string? proxy = null, TimeProvider? time = null)
    {
        var stop = new CancellationTokenSource();
        var runner = new AgentRunner(new AgentOptions
        {
            DataDirectory = AgentDir(siteId),
            Proxy = proxy,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        }, time ?? TimeProvider.System);
        var run = Task.Run(() => runner.RunAsync(stop.Token));
        _agents.Add((stop, run));
        return (stop, run);
    }

    public async Task<PublishResponse> PublishAsync(string directory, params string[] sites) =>
        (await BundlePublisher.PublishAsync(Client, directory, sites, null, null, CancellationToken.None)).Result;

    public Task<SiteRecord> SiteAsync(string id) =>
        Client.GetAsync<SiteDetails>($"/v1/sites/{id}", CancellationToken.None).ContinueWith(t => t.Result.Site, TaskScheduler.Default);

    /// <summary>Polls the hub's API until the condition holds; fails with the last state after the deadline.</summary>
    public async Task<SiteRecord> WaitForSiteAsync(string id, Func<SiteRecord, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        SiteRecord site;
        while (!condition(site = await SiteAsync(id)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"site {id} did not reach '{what}' in {seconds} s; last state: {site}");
            }

            await Task.Delay(50);
        }

        return site;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _agents)
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (Exception)
            {
                // the agent's own failure is asserted by the tests that care
            }
        }

        Client?.Dispose();
        await StopHubAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
