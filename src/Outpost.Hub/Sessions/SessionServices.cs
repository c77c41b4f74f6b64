using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outpost.Hub.Bundles;
using Outpost.Hub.Enrollment;
using Outpost.Hub.Events;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Sessions;

/// <summary>What every agent session needs, gathered once so a connection stays small.</summary>
public sealed class SessionServices(
    IOptions<HubOptions> options,
    SessionRegistry registry,
    SiteRepository sites,
    RevisionStore revisions,
    BlobStore blobs,
    DesiredFrames desiredFrames,
    EventLog events,
    StatusIngestor ingestor,
    CertificateRenewal renewal,
    RevocationList revocations,
    TimeProvider time,
    ILogger<AgentConnection> logger)
{
    public HubOptions Options { get; } = options.Value;
    public SessionRegistry Registry { get; } = registry;
    public SiteRepository Sites { get; } = sites;
    public RevisionStore Revisions { get; } = revisions;
    public BlobStore Blobs { get; } = blobs;
    public DesiredFrames DesiredFrames { get; } = desiredFrames;
    public EventLog Events { get; } = events;
    public StatusIngestor Ingestor { get; } = ingestor;
    public CertificateRenewal Renewal { get; } = renewal;
    public RevocationList Revocations { get; } = revocations;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;

    /// <summary>Blobs served at once across all sessions: a fleet-wide first rollout queues here instead of holding a buffer per fetch.</summary>
    public SemaphoreSlim BlobFetches { get; } = new(64, 64);

    private long _fetchesServed;

    /// <summary>Blob fetches the sessions have answered since the hub started.</summary>
    public long FetchesServed => Interlocked.Read(ref _fetchesServed);

    internal void CountFetch() => Interlocked.Increment(ref _fetchesServed);
}
