using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Bundles;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Sessions;

/// <summary>The hub's end of one agent session: a websocket, multiplexed into the control channel and blob channels.</summary>
public sealed partial class AgentConnection
{
    private readonly SessionServices _services;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _ended = new();
    private MessageChannel? _control;
    private ChannelMultiplexer? _mux;
    private readonly TaskCompletionSource<MuxChannel> _controlOffered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentConnection(string siteId, SessionServices services)
    {
        SiteId = siteId;
        _services = services;
        LastSeen = services.Time.GetUtcNow();
        _lastControlUtcTicks = LastSeen.UtcTicks;
    }

    public string SiteId { get; }

    /// <summary>Time of the last message from the agent; the silence monitor closes quiet sessions.</summary>
    // Written by the session's reader, read by monitors on other threads: kept as ticks so a read is never torn.
    private long _lastSeenUtcTicks;

    public DateTimeOffset LastSeen
    {
        get => new(Volatile.Read(ref _lastSeenUtcTicks), TimeSpan.Zero);
        private set => Volatile.Write(ref _lastSeenUtcTicks, value.UtcTicks);
    }

    /// <summary>Bytes the session had received when <see cref="LastHeardAsOf"/> last looked.</summary>
    private long _heardBytes;

    /// <summary>Time of the last control message (a heartbeat, most of the time), as ticks like <see cref="LastSeen"/>.</summary>
    private long _lastControlUtcTicks;

    /// <summary>
    /// The last sign of life as of <paramref name="now"/>: a control message, or any bytes received since the previous
    /// look. On a slow uplink a heartbeat can wait behind a tunnel download for longer than the allowed silence, and a
    /// session that is carrying data must not be closed for it. Called by one monitor at a time.
    /// </summary>
    public DateTimeOffset LastHeardAsOf(DateTimeOffset now)
    {
        if (_mux?.BytesReceived is { } received && received != _heardBytes)
        {
            _heardBytes = received;
            if (now > LastSeen)
            {
                LastSeen = now;
            }

            if (now.UtcTicks - Volatile.Read(ref _lastControlUtcTicks) > _services.Options.HeartbeatInterval.Ticks)
            {
                // Bytes but no heartbeat: the agent's heartbeats wait behind its upload, so our answers do not come
                // either. An unasked answer tells the agent that the hub still hears it.
                _ = AnswerUnaskedAsync(now);
            }
        }

        return LastSeen;
    }

    private async Task AnswerUnaskedAsync(DateTimeOffset now)
    {
        try
        {
            if (_control is { } control)
            {
                await control.SendAsync(new HeartbeatAck(now), _closing.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or WebSocketException)
        {
            // the session is ending; its own loop says why
        }
    }

    /// <summary>
    /// The control channel's reader runs on the session's receive loop. Queued on the thread pool instead, in a burst
    /// (ten thousand agents reporting after a publish) every report waited there holding its 16 KiB receive buffer; that
    /// emptied the shared pool, and the buffers allocated in its place were most of what the hub's collector had to do.
    /// The reader does little before its first real wait: it parses one message and starts a commit or a send.
    /// </summary>
    private static readonly MuxChannelOptions ControlChannel = new() { InlineDelivery = true };

    /// <summary>Blob fetches this session may run at once, so one site cannot take every hub-wide fetch slot.</summary>
    private readonly SemaphoreSlim _sessionFetches = new(4, 4);

    public string? CloseReason { get; private set; }

    /// <summary>Cancelled when this session has ended: tunnel streams riding on it end with it.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Offers the agent a tunnel channel (see TunnelProtocol); only the hub ever offers these.</summary>
    public async Task<MuxChannel> OfferTunnelAsync(string channelName, MuxChannelOptions options, CancellationToken cancellationToken)
    {
        var mux = _mux ?? throw new IOException($"the session of site {SiteId} is not up");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        return await mux.OpenAsync(channelName, options, linked.Token);
    }

    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        var ct = linked.Token;
        await using var mux = ChannelMultiplexer.Start(socket, isClient: false, OnChannelOffered);
        _mux = mux;
        _ = mux.Completion.ContinueWith(_ => _controlOffered.TrySetException(new IOException($"the session ended before hello ({mux.EndReason})")), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var (helloControl, hello) = await AwaitHelloAsync(ct);
        await using var control = helloControl;
        _control = control;
        TakesRawFrames = hello.Supports(SessionFeatures.RawFrames);
        TakesManifestPatches = hello.Supports(SessionFeatures.ManifestPatches);
        _helloApplied = hello.AppliedRevision;
        var lastSeq = _services.Ingestor.LastSeq(SiteId);
        _services.Sites.RecordHello(SiteId, hello.AgentVersion, hello.AppliedRevision);
        _services.Registry.Register(this);
        if (_services.Revocations.IsRevoked(SiteId))
        {
            // Revoked between the certificate check and Register: the revoke's own Close may have missed this session.
            Close("site revoked");
        }

        try
        {
            // Serialised, not interpolated: the version string comes from the agent and may hold quotes.
            _services.Events.Record("connected", $"site:{SiteId}", SiteId, JsonSerializer.Serialize(new { agentVersion = hello.AgentVersion }));
            await control.SendAsync(new Welcome(SiteId, _services.Options.HeartbeatInterval.TotalSeconds, lastSeq), ct);
            var site = _services.Sites.Find(SiteId);
            if (site?.DesiredRevision is { } desired && desired != hello.DesiredRevision && _services.Revisions.Get(desired) is { } signed)
            {
                PushDesired(signed);
            }

            LogConnected(_services.Logger, SiteId, hello.AgentVersion);
            while (await control.ReceiveAsync(ct) is { } message)
            {
                LastSeen = _services.Time.GetUtcNow();
                Volatile.Write(ref _lastControlUtcTicks, LastSeen.UtcTicks);
                await HandleAsync(message, ct);
            }
        }
        finally
        {
            await _ended.CancelAsync();
            _services.Registry.Unregister(this);
            _services.Events.Record("disconnected", "hub", SiteId, JsonSerializer.Serialize(new { reason = CloseReason ?? "connection ended" }));
            LogDisconnected(_services.Logger, SiteId, CloseReason ?? "connection ended");
        }
    }

    /// <summary>The control channel and the agent's hello, within 30 s; the timeout's timer is gone once they are here.</summary>
    private async Task<(MessageChannel Control, Hello Hello)> AwaitHelloAsync(CancellationToken ct)
    {
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        helloTimeout.CancelAfter(TimeSpan.FromSeconds(30));
        var control = new MessageChannel((await _controlOffered.Task.WaitAsync(helloTimeout.Token)).AsStream());
        try
        {
            var hello = await control.ReceiveAsync(helloTimeout.Token) as Hello
                ?? throw new InvalidDataException("The agent's first message was not hello.");
            return (control, hello);
        }
        catch
        {
            await control.DisposeAsync();
            throw;
        }
    }

    private async Task HandleAsync(SessionMessage message, CancellationToken ct)
    {
        switch (message)
        {
            case Heartbeat beat:
                await _control!.SendAsync(new HeartbeatAck(beat.SentAt), ct);
                break;
            case StatusEvents batch:
                var upTo = await _services.Ingestor.IngestAsync(SiteId, batch.Events, ct);
                await _control!.SendAsync(new EventsAck(upTo), ct);
                break;
            case RenewRequest renew:
                var certificate = _services.Renewal.Renew(SiteId, renew.CsrPem);
                await _control!.SendAsync(new Renewed(certificate), ct);
                break;
            default:
                throw new InvalidDataException($"Unexpected {message.GetType().Name} from the agent.");
        }
    }

    private string? _helloApplied;

    /// <summary>True when the agent's hello listed <see cref="SessionFeatures.RawFrames"/>.</summary>
    public bool TakesRawFrames { get; private set; }

    /// <summary>True when the agent's hello listed <see cref="SessionFeatures.ManifestPatches"/>.</summary>
    public bool TakesManifestPatches { get; private set; }

    /// <summary>
    /// The revision whose blobs and manifest this agent is taken to have: the last one pushed on this session, else the one
    /// it said it runs. If it lacks some after all, it fetches them, as without attachments and patches.
    /// </summary>
    public string? AttachmentBase => PushedRevision ?? _helloApplied;

    /// <summary>The frames of a desired revision as this agent reads them.</summary>
    public IReadOnlyList<byte[]> DesiredFramesFor(SignedRevision revision) => _services.DesiredFrames.For(revision, TakesRawFrames, TakesManifestPatches, AttachmentBase);

    /// <summary>Sends the desired revision now; failures end the session, and the agent gets it again on reconnect.</summary>
    public void PushDesired(SignedRevision revision)
    {
        var generation = NextPushGeneration();
        ClaimPush(generation);
        _ = SendDesiredFrameAsync(DesiredFramesFor(revision), revision.Digest, generation);
    }

    /// <summary>
    /// The last revision pushed on this session. Only revisions assigned to the site are pushed, so its blobs may be served
    /// without asking the database: the fast path of the fetches a push sets off.
    /// </summary>
    public string? PushedRevision { get; private set; }

    // Pushes run in the background, so a later publish can overtake an earlier one on its way to a session: each push
    // takes a number when it is decided, and a send that finds a newer number claimed gives way.
    private static long s_pushGenerations;
    private long _claimedPush;
    private readonly SemaphoreSlim _pushLock = new(1, 1);

    /// <summary>A number for one push decision; later decisions get larger numbers.</summary>
    public static long NextPushGeneration() => Interlocked.Increment(ref s_pushGenerations);

    /// <summary>Marks <paramref name="generation"/> as the push this session should end up with (never goes back).</summary>
    public void ClaimPush(long generation)
    {
        long seen;
        while ((seen = Volatile.Read(ref _claimedPush)) < generation && Interlocked.CompareExchange(ref _claimedPush, generation, seen) != seen)
        {
        }
    }

    /// <summary>Sends an already framed desired revision (and its attached blobs) unless a newer push was claimed; a failure ends the session.</summary>
    public async Task SendDesiredFrameAsync(IReadOnlyList<byte[]> frames, string revision, long generation)
    {
        if (_control is not { } control)
        {
            return;
        }

        try
        {
            await _pushLock.WaitAsync(_closing.Token);
            try
            {
                if (generation < Volatile.Read(ref _claimedPush))
                {
                    return;
                }

                PushedRevision = revision;
                await control.SendFramesAsync(frames, _closing.Token);
            }
            finally
            {
                _pushLock.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or WebSocketException)
        {
            Close("push failed: " + e.Message);
        }
    }

    public void Close(string reason)
    {
        CloseReason ??= reason;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Runs on the session's receive loop: decides at once and serves on a task of its own.</summary>
    private void OnChannelOffered(ChannelOffer offer)
    {
        if (offer.Name == ChannelNames.Control && !_controlOffered.Task.IsCompleted)
        {
            _controlOffered.TrySetResult(offer.Accept(ControlChannel));
            return;
        }

        if (!offer.Name.StartsWith(ChannelNames.BlobPrefix, StringComparison.Ordinal))
        {
            // An agent may fetch blobs and nothing else: above all it can never open a tunnel to the hub or another site.
            offer.Reject($"the hub does not take channel '{offer.Name}' from a site");
            LogRejectedChannel(_services.Logger, SiteId, offer.Name);
            return;
        }

        var digest = offer.Name[ChannelNames.BlobPrefix.Length..];
        var channel = offer.Accept();
        _ = Task.Run(async () =>
        {
            try
            {
                await _sessionFetches.WaitAsync(_closing.Token);
            }
            catch (OperationCanceledException)
            {
                channel.Dispose();
                return;
            }

            try
            {
                await BlobChannelServer.ServeAsync(channel, SiteId, PushedRevision, digest, _services, _closing.Token);
            }
            finally
            {
                _sessionFetches.Release();
            }
        });
    }

    [LoggerMessage(LogLevel.Information, "Site {SiteId} connected (agent {AgentVersion})")]
    private static partial void LogConnected(ILogger logger, string siteId, string agentVersion);

    [LoggerMessage(LogLevel.Warning, "Site {SiteId} offered a channel '{Channel}' the hub does not take; rejected")]
    private static partial void LogRejectedChannel(ILogger logger, string siteId, string channel);

    [LoggerMessage(LogLevel.Information, "Site {SiteId} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string siteId, string reason);
}
