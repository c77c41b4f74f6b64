using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Agent.Health;
using Outpost.Agent.Identity;
using Outpost.Agent.Reconcile;
using Outpost.Agent.Releases;
using Outpost.Agent.Session;
using Outpost.Agent.State;
using Outpost.Protocol.Pki;
using Outpost.Protocol.Session;
using Outpost.Protocol.Transport;
using Polly;
using Polly.Retry;

namespace Outpost.Agent;

/// <summary>
/// Runs an enrolled agent: keeps the last good release, holds one outbound session to the hub (reconnecting
/// with capped exponential backoff and jitter), applies what the hub wants and replays its outbox.
/// </summary>
public sealed partial class AgentRunner(AgentOptions options, TimeProvider time, ILoggerFactory? loggers = null)
{
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;
    private readonly ILogger _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<AgentRunner>();

    /// <summary>Runs until <paramref name="cancellationToken"/> stops it (then throws <see cref="OperationCanceledException"/>) or the site is revoked.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = options.DataDirectory;
        var identity = AgentIdentity.Load(dataDirectory);
        var hub = new Uri(identity.HubUrl);
        var proxy = options.Proxy is not null ? ProxyAddress.Parse(options.Proxy, "--proxy")
            : identity.Proxy is not null ? ProxyAddress.Parse(identity.Proxy, $"the proxy saved at join in {dataDirectory}")
            : null;
        using var running = DataDirectoryLock.Acquire(dataDirectory);
        using var store = new AgentStore(dataDirectory, time);
        var releases = new ReleaseStore(dataDirectory, time, _loggers.CreateLogger<ReleaseStore>(), options.KeepReleases);
        releases.Recover();
        var blobs = new BlobCache(dataDirectory, _loggers.CreateLogger<BlobCache>());
        using var signingKey = identity.SigningPublicKey();
        var reconciler = new Reconciler(store, releases, blobs, new HealthCheckRunner(time, _loggers.CreateLogger<HealthCheckRunner>()), signingKey, _logger);
        var tunnels = new Tunnels.TunnelDialer(new Tunnels.TunnelPolicySource(releases, blobs), time, _loggers.CreateLogger<Tunnels.TunnelDialer>());

        store.Enqueue("agent-started", $$"""{"agentVersion":"{{options.AgentVersion}}","revision":{{JsonSerializer.Serialize(releases.CurrentRevision)}}}""");

        // With no hub at all, whatever is cached locally still converges.
        await reconciler.ReconcileAsync(null, cancellationToken);
        var connect = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not SiteRevokedException and not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.ReconnectInitialDelay,
            MaxDelay = options.ReconnectMaxDelay,
            OnRetry = args =>
            {
                var error = args.Outcome.Exception;
                LogRetry(_logger, args.RetryDelay.TotalSeconds, ExpiredCertificate(identity) ?? (error is null ? "no session" : ConnectionFailure.Describe(error, hub, ProxyAddress.For(hub, proxy))));
                return default;
            },
        }).Build();

        // Never returns: a stop ends it with OperationCanceledException wherever it lands (callers tell a stop from a failure by that).
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var session = await connect.ExecuteAsync(ct => new ValueTask<AgentSession>(ConnectAsync(identity, proxy, store, tunnels, ct)), cancellationToken);
            LogConnected(_logger, identity.SiteId, identity.HubUrl);
            try
            {
                await RunSessionAsync(session, identity, store, reconciler, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not SiteRevokedException)
            {
                LogSessionEnded(_logger, e.Message);
            }

            // A short jittered pause stops a hub that accepts and drops at once from making us spin.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 1000)), time, cancellationToken);
        }
    }

    private async Task<AgentSession> ConnectAsync(AgentIdentity identity, ProxyAddress? proxy, AgentStore store, Tunnels.TunnelDialer tunnels, CancellationToken ct)
    {
        using var certificate = identity.ClientCertificate();
        using var ca = identity.CaCertificate();
        var dialer = new CoalescingDialer();
        using var invoker = new HttpMessageInvoker(dialer.Attach(HubConnector.ForCa(ca, certificate, proxy)));
        var hello = new Hello(options.AgentVersion, store.AppliedRevision, store.GetDesired()?.Revision, SessionFeatures.All);
        return await AgentSession.ConnectAsync(new Uri(identity.HubUrl), invoker, hello, time, ct, tunnels, dialer);
    }

    private async Task RunSessionAsync(AgentSession session, AgentIdentity identity, AgentStore store, Reconciler reconciler, CancellationToken cancellationToken)
    {
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = sessionEnd.Token;
        var outboxSignal = new SemaphoreSlim(1);
        var reconcileSignal = new SemaphoreSlim(1);
        ECDsa? renewalKey = null;

        // Unacknowledged events go again after every reconnect; the hub drops the ones it already has.
        var sentUpTo = Math.Max(store.LastAcknowledged, session.Welcome.LastEventSeq);
        if (session.Welcome.LastEventSeq > store.LastAcknowledged)
        {
            // The hub has seen higher numbers than this store remembers (a restored data dir): never reuse them.
            store.ReserveSeqThrough(session.Welcome.LastEventSeq);
            store.Acknowledge(session.Welcome.LastEventSeq);
        }

        var outbox = Task.Run(async () =>
        {
            while (true)
            {
                await outboxSignal.WaitAsync(ct);
                IReadOnlyList<OutboxEvent> pending;
                while ((pending = store.Pending(sentUpTo, 200)).Count > 0)
                {
                    // Deserialised, not JsonDocument.Parse: that rents pooled buffers which only a Dispose (never called here) returns.
                    var events = pending.Select(e => new StatusEvent(e.Seq, e.Kind, e.CreatedAt, JsonSerializer.Deserialize(e.PayloadJson, SessionJsonContext.Default.JsonElement))).ToList();
                    await session.SendAsync(new StatusEvents(events), ct);
                    sentUpTo = pending[^1].Seq;
                }
            }
        }, ct);

        var reconcile = Task.Run(async () =>
        {
            while (true)
            {
                await reconcileSignal.WaitAsync(ct);
                await reconciler.ReconcileAsync(session, ct);
                outboxSignal.Release();
            }
        }, ct);

        // Sessions can last weeks: look at the certificate's age now and then, not only when connecting.
        var renewal = Task.Run(async () =>
        {
            while (true)
            {
                if (renewalKey is null && NeedsRenewal(identity))
                {
                    var (key, csr) = CsrFactory.Create("outpost-agent");
                    renewalKey = key;
                    await session.SendAsync(new RenewRequest(csr), ct);
                }

                await Task.Delay(TimeSpan.FromMinutes(10), time, ct);
            }
        }, ct);

        var messages = session.RunAsync(async (message, token) =>
        {
            switch (message)
            {
                case DesiredRevision desired:
                    if (await reconciler.AcceptDesiredAsync(desired, session, token))
                    {
                        await reconciler.TakeAttachedAsync(desired.Attached, desired.AttachedContent, token);
                        reconcileSignal.Release();
                    }
                    else
                    {
                        outboxSignal.Release();
                    }

                    break;
                case EventsAck ack:
                    store.Acknowledge(ack.UpToSeq);
                    break;
                case Renewed renewed when renewalKey is not null:
                    identity.CertificatePem = renewed.CertificatePem;
                    identity.PrivateKeyPem = renewalKey.ExportPkcs8PrivateKeyPem();
                    identity.Save(options.DataDirectory);
                    renewalKey.Dispose();
                    renewalKey = null;
                    LogRenewed(_logger, identity.SiteId);
                    break;
            }

            await Task.CompletedTask;
        }, ct);

        var ended = await Task.WhenAny(messages, outbox, reconcile, renewal);
        await sessionEnd.CancelAsync();
        renewalKey?.Dispose();
        await ended;
    }

    /// <summary>
    /// The hub refuses an expired client certificate in the TLS handshake, which looks like any broken connection from
    /// here; this computer can say what is wrong and what to do.
    /// </summary>
    private string? ExpiredCertificate(AgentIdentity identity)
    {
        using var certificate = X509Certificate2.CreateFromPem(identity.CertificatePem);
        var expired = certificate.NotAfter.ToUniversalTime();
        return time.GetUtcNow().UtcDateTime < expired ? null
            : $"this site's certificate expired at {expired:yyyy-MM-dd HH:mm}Z (the site was off for longer than the certificate lifetime, so it could not renew it); " +
              $"join it again: 'outpost sites token {identity.SiteId}' gives a new token (see 'Re-join a site' in docs/operations.md)";
    }

    /// <summary>Renew at two thirds of the certificate's lifetime, so a site offline for a while still has slack.</summary>
    private bool NeedsRenewal(AgentIdentity identity)
    {
        using var certificate = X509Certificate2.CreateFromPem(identity.CertificatePem);
        var lifetime = certificate.NotAfter - certificate.NotBefore;
        return time.GetUtcNow().UtcDateTime > certificate.NotBefore.ToUniversalTime() + (lifetime * 2 / 3);
    }

    [LoggerMessage(LogLevel.Information, "Connected to {HubUrl} as site {SiteId}")]
    private static partial void LogConnected(ILogger logger, string siteId, string hubUrl);

    [LoggerMessage(LogLevel.Warning, "Session ended: {Reason}")]
    private static partial void LogSessionEnded(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "Not connected, retrying in {DelaySeconds:0.0} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, double delaySeconds, string reason);

    [LoggerMessage(LogLevel.Information, "Certificate of site {SiteId} renewed")]
    private static partial void LogRenewed(ILogger logger, string siteId);
}
