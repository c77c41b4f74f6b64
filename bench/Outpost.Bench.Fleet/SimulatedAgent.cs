using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Outpost.Agent.Identity;
using Outpost.Agent.Session;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Bench.Fleet;

/// <summary>
/// One simulated site: a real agent session (TLS 1.3, client certificate, multiplexed websocket) that heartbeats,
/// rebuilds each desired revision's manifest from the patch against the one it runs (as the agent does), checks it and
/// the blobs that came with it (through <see cref="CheckedRevisions"/>), fetches only the blobs it lacks, verifies them
/// in memory and reports "applied".
/// </summary>
internal sealed class SimulatedAgent : IAsyncDisposable
{
    private readonly AgentIdentity _identity;
    private readonly ECDsa _signingKey;
    private readonly X509Certificate2 _ca;
    private readonly string _directory;
    private readonly FleetProgress _progress;
    private readonly CheckedRevisions _checked;
    private readonly HashSet<string> _have;
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private HttpMessageInvoker? _invoker;
    private AgentSession? _session;
    private Task? _run;
    private long _seq;
    private byte[]? _appliedManifest;

    public SimulatedAgent(int index, string directory, X509Certificate2 ca, FleetProgress progress, CheckedRevisions checks)
    {
        _checked = checks;
        Index = index;
        _directory = directory;
        _ca = ca;
        _progress = progress;
        _identity = AgentIdentity.Load(directory);
        // Imported once, as a long-running agent would keep it: importing costs more than verifying.
        _signingKey = _identity.SigningPublicKey();
        (AppliedRevision, var manifest, _have) = AgentCache.Load(directory);
        _appliedManifest = manifest is null ? null : Shelf.GetOrAdd(AppliedRevision!, manifest);
    }

    // A real agent keeps the manifest it runs on its own disk; ten thousand copies of the same verified bytes kept in
    // this one process's heap would make its garbage collector, not the protocol, part of what is measured.
    private static readonly ConcurrentDictionary<string, byte[]> Shelf = new(StringComparer.Ordinal);

    public int Index { get; }

    public string SiteId => _identity.SiteId;

    public WireCounter Wire { get; } = new();

    public string? AppliedRevision { get; private set; }

    public string? EndReason { get; private set; }

    public ConcurrentDictionary<string, ApplyRecord> Applied { get; } = new(StringComparer.Ordinal);

    public long BlobBytesReceived => _session?.BlobBytesReceived ?? 0;

    public async Task ConnectAsync(Uri hub, int sources, CancellationToken ct)
    {
        var handler = HubConnector.ForCa(_ca, _identity.ClientCertificate(), null);
        handler.UseProxy = false;
        handler.ConnectCallback = LoopbackDialer.Callback(LoopbackDialer.SourceFor(Index, sources), Wire);
        _invoker = new HttpMessageInvoker(handler);
        try
        {
            // A real agent says which revision it runs, so the hub pushes nothing it already has.
            _session = await AgentSession.ConnectAsync(hub, _invoker, new Hello("bench-fleet", AppliedRevision, AppliedRevision, SessionFeatures.All), TimeProvider.System, ct);
        }
        catch
        {
            _invoker.Dispose();
            _invoker = null;
            throw;
        }

        _seq = _session.Welcome.LastEventSeq;
        _run = RunAsync(_session);
    }

    public void SaveCache()
    {
        lock (_have)
        {
            AgentCache.Save(_directory, AppliedRevision, _appliedManifest, _have);
        }
    }

    private async Task RunAsync(AgentSession session)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync(OnMessageAsync, _stop.Token);
            EndReason = "the hub closed the session";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            EndReason = $"{e.GetType().Name}: {e.Message}";
        }

        _progress.SessionEnded();
    }

    private Task OnMessageAsync(SessionMessage message, CancellationToken ct)
    {
        if (message is DesiredRevision desired)
        {
            // Applied off the read loop, as the real agent's reconciler does, so heartbeats keep flowing meanwhile.
            var size = _session!.LastMessageBytes;
            _ = Task.Run(() => ApplyAsync(desired, size, ct), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task ApplyAsync(DesiredRevision desired, int messageBytes, CancellationToken ct)
    {
        var session = _session!;
        await _applyLock.WaitAsync(ct);
        try
        {
            var manifestBytes = await DesiredManifest.ResolveAsync(desired, r => r == AppliedRevision ? _appliedManifest : null,
                m => _checked.Verify(_signingKey, m, desired.Revision, desired.Signature), session, ct)
                ?? throw new InvalidDataException($"revision {desired.Revision} fails its signature check");

            var wanted = _checked.BlobDigests(desired.Revision, manifestBytes, AppliedRevision, _appliedManifest);
            for (var i = 0; i < (desired.Attached?.Count ?? 0); i++)
            {
                // Sent along with the revision (a small change): checked like a fetched blob, then had.
                var digest = desired.Attached![i];
                if (!_checked.IsBlob(digest, desired.AttachedContent[i]))
                {
                    throw new InvalidDataException($"attached blob {digest} does not match its digest");
                }

                lock (_have)
                {
                    _have.Add(digest);
                }
            }

            var before = session.BlobBytesReceived;
            var fetched = 0;
            foreach (var digest in wanted)
            {
                bool known;
                lock (_have)
                {
                    known = _have.Contains(digest);
                }

                if (known)
                {
                    continue;
                }

                // One at a time, like the real reconciler; content is hashed in memory instead of written to disk.
                await session.FetchAsync(digest, async content =>
                {
                    var actual = await ContentDigest.OfStreamAsync(content, ct);
                    if (actual != digest)
                    {
                        throw new InvalidDataException($"blob {digest} arrived as {actual}");
                    }
                }, ct);
                lock (_have)
                {
                    _have.Add(digest);
                }

                fetched++;
            }

            var blobBytes = session.BlobBytesReceived - before;
            using var data = JsonDocument.Parse($$"""{"revision":"{{desired.Revision}}","healthy":true}""");
            await session.SendAsync(new StatusEvents([new StatusEvent(Interlocked.Increment(ref _seq), "applied", DateTimeOffset.UtcNow, data.RootElement.Clone())]), ct);
            (AppliedRevision, _appliedManifest) = (desired.Revision, Shelf.GetOrAdd(desired.Revision, manifestBytes));
            Applied[desired.Revision] = new ApplyRecord(Stopwatch.GetTimestamp(), messageBytes, blobBytes, fetched, desired.Attached?.Count ?? 0);
            _progress.Applied(desired.Revision);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EndReason ??= $"apply of {ContentDigest.Short(desired.Revision)} failed: {e.GetType().Name}: {e.Message}";
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _applyLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        if (_run is not null)
        {
            await _run;
        }

        _invoker?.Dispose();
        _stop.Dispose();
        _applyLock.Dispose();
        _signingKey.Dispose();
    }
}
