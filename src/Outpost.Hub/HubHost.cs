using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outpost.Hub.Api;
using Outpost.Hub.Bundles;
using Outpost.Hub.Enrollment;
using Outpost.Hub.Events;
using Outpost.Hub.Operators;
using Outpost.Hub.Pki;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;
using Outpost.Protocol.Pki;

namespace Outpost.Hub;

/// <summary>Builds and runs a hub: Kestrel with TLS 1.3 and client certificates, the API, sessions and background services.</summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubHost(WebApplication app, string url, string operatorConfigPath)
    {
        _app = app;
        Url = url;
        OperatorConfigPath = operatorConfigPath;
    }

    public string Url { get; }

    /// <summary>DATA_DIR/operator.json: hub URL, CA and the first operator's credential.</summary>
    public string OperatorConfigPath { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Cancelled when the hub is asked to stop: by a signal (the host listens for SIGTERM and SIGINT too), or by itself
    /// when a background service failed; <see cref="FailedService"/> tells the two apart.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// The background service (status ingest, rollouts, the fleet follower, ...) that failed, if one did: a hub that served
    /// on without it would accept reports it never stores, so the process should exit and be restarted.
    /// </summary>
    public string? FailedService => FirstFailed(_app.Services.GetServices<IHostedService>());

    /// <summary>The type name of the first background service whose work ended in an exception, or null.</summary>
    internal static string? FirstFailed(IEnumerable<IHostedService> services) =>
        services.OfType<BackgroundService>().FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true })?.GetType().Name;

    public static async Task<HubHost> StartAsync(HubOptions options, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen))
        {
            throw new ArgumentException($"--listen '{options.Listen}' is not a URL like https://0.0.0.0:8443");
        }

        if (listen.Scheme != "https")
        {
            throw new ArgumentException($"--listen must be an https:// URL, not '{options.Listen}'");
        }

        var ca = CertificateAuthority.LoadOrCreate(Path.Combine(dataDirectory, "pki"), time);
        var names = new List<string> { "localhost", "127.0.0.1", "::1", listen.Host, Environment.MachineName };
        if (options.PublicUrl is { } publicUrl)
        {
            names.Add(new Uri(publicUrl).Host);
        }

        names.AddRange(options.ServerNames);
        var serving = new ServingCertificate(ca, names.Where(n => n is not ("0.0.0.0" or "[::]" or "::")), time);

        // The hub's settings come from its flags and config file, not appsettings.json. Left on, reloading would watch the
        // working directory and everything under it (the data dir, under systemd) and wake for every WAL and blob write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.Services.Configure<HubOptions>(o => Copy(options, o, dataDirectory));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton(serving);
        builder.Services.AddSingleton(new HubDatabase(dataDirectory, [Rollouts.RolloutFeature.Schema, Tunnels.TunnelFeature.Schema, GitOps.FleetFollowerFeature.Schema], deferCheckpoints: true));
        builder.Services.AddSingleton(new BlobStore(dataDirectory));
        builder.Services.AddSingleton<HubUrl>();
        builder.Services.AddSingleton<SiteRepository>();
        builder.Services.AddSingleton<SiteStatus>();
        builder.Services.AddSingleton<RevocationList>();
        builder.Services.AddSingleton<JoinTokenService>();
        builder.Services.AddSingleton<CertificateRenewal>();
        builder.Services.AddSingleton<EventLog>();
        builder.Services.AddSingleton<RevisionStore>();
        builder.Services.AddSingleton<PublishService>();
        builder.Services.AddSingleton<DesiredFrames>();
        builder.Services.AddSingleton<OperatorStore>();
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton<SessionServices>();
        builder.Services.AddSingleton<StatusIngestor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusIngestor>());
        builder.Services.AddHostedService<SilenceMonitor>();
        builder.Services.AddHostedService<Transport.IdleMemoryTrimmer>();
        builder.Services.AddHostedService<WalCheckpointer>();
        builder.Services.AddHostedService<TelemetryRetention>();
        builder.Services.AddScoped<OperatorAuthentication>();
        Rollouts.RolloutFeature.AddServices(builder.Services, options);
        Tunnels.TunnelFeature.AddServices(builder.Services, options);
        GitOps.FleetFollowerFeature.AddServices(builder.Services, options);
        builder.Services.ConfigureHttpJsonOptions(j => j.SerializerOptions.WriteIndented = false);

        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, Transport.LargeBlockMemoryPool.Factory>();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            var address = listen.Host is "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) ? ip
                : Resolve(listen.Host);
            kestrel.Listen(address, listen.Port, endpoint => endpoint.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serving.Certificate,
                ServerCertificateChain = [ca.Certificate],
                // Every handshake takes the serving certificate of the moment: it is issued again before it expires.
                OnAuthenticate = (_, ssl) => ssl.ServerCertificateContext = serving.Context,
                SslProtocols = SslProtocols.Tls13,
                // Enrolment has no certificate yet; every site endpoint checks one (SiteIdentity).
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (certificate, _, _) => ChainBuilder.IsIssuedBy(certificate, ca.Certificate),
                HandshakeTimeout = TimeSpan.FromSeconds(30),
            }));
        });

        var app = builder.Build();
        app.UseMiddleware<ErrorHandling>();
        app.UseWebSockets();
        app.MapGet("/healthz", () => "ok");
        AgentEndpoints.Map(app);
        SiteContentEndpoints.Map(app);
        var api = app.MapGroup("/v1").AddEndpointFilter<OperatorAuthentication>();
        SiteEndpoints.Map(api);
        BundleEndpoints.Map(api);
        Rollouts.RolloutFeature.Map(app, api);
        Tunnels.TunnelFeature.Map(app, api);
        GitOps.FleetFollowerFeature.Map(app, api);

        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var url = options.PublicUrl?.TrimEnd('/') ?? $"https://{(listen.Host is "0.0.0.0" ? "127.0.0.1" : listen.Host)}:{bound.Port}";
        app.Services.GetRequiredService<HubUrl>().Value = url;

        var operatorConfigPath = Path.Combine(dataDirectory, "operator.json");
        var operators = app.Services.GetRequiredService<OperatorStore>();
        if (!operators.Any())
        {
            var token = operators.Create("admin", "admin");
            new OperatorConfig(url, ca.CertificatePem, token, "admin").Save(operatorConfigPath);
        }
        else if (File.Exists(operatorConfigPath))
        {
            // Same credential, but the port may differ from last start (port 0, a new --listen).
            var existing = OperatorConfig.Load(operatorConfigPath);
            if (existing.HubUrl != url)
            {
                (existing with { HubUrl = url }).Save(operatorConfigPath);
            }
        }

        return new HubHost(app, url, operatorConfigPath);
    }

    public async ValueTask DisposeAsync()
    {
        // Close agent sessions first so Kestrel need not wait for them to drain.
        foreach (var session in _app.Services.GetRequiredService<SessionRegistry>().All)
        {
            session.Close("hub shutting down");
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static IPAddress Resolve(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"--listen host '{host}' does not resolve to an address");
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new ArgumentException($"--listen host '{host}' does not resolve to an address");
        }
    }

    private static void Copy(HubOptions from, HubOptions to, string dataDirectory)
    {
        to.DataDirectory = dataDirectory;
        to.Listen = from.Listen;
        to.PublicUrl = from.PublicUrl;
        to.HeartbeatInterval = from.HeartbeatInterval;
        to.OfflineAfter = from.OfflineAfter;
        to.CertificateLifetime = from.CertificateLifetime;
        to.JoinTokenLifetime = from.JoinTokenLifetime;
        to.TelemetryRetention = from.TelemetryRetention;
        to.Extra = from.Extra;
        foreach (var name in from.ServerNames)
        {
            to.ServerNames.Add(name);
        }
    }
}
