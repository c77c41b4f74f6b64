using System.Net;
using System.Net.WebSockets;
using System.Text;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Session;

namespace Outpost.Agent.Session;

/// <summary>
/// The agent's end of one session: one outbound websocket, multiplexed into the control channel and one
/// short-lived channel per blob fetch (later, tunnel streams). Heartbeats both ways detect a dead peer.
/// </summary>
public sealed class AgentSession : IAsyncDisposable
{
    private readonly ChannelMultiplexer _mux;
    private readonly WebSocket _socket;
    private readonly MessageChannel _control;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _ended;
    private long _blobBytes;

    private AgentSession(ChannelMultiplexer mux, WebSocket socket, MessageChannel control, Welcome welcome, TimeProvider time, CancellationTokenSource ended)
    {
        _ended = ended;
        _mux = mux;
        _socket = socket;
        _control = control;
        Welcome = welcome;
        _time = time;
    }

    /// <summary>A fetch only reads: the hub answers with the content at once, and the agent closes without a word.</summary>
    private static readonly MuxChannelOptions FetchChannel = new() { ReceiveOnly = true };

    public Welcome Welcome { get; }

    /// <summary>Bytes of blob content received over this session (the benchmark reports them).</summary>
    public long BlobBytesReceived => Interlocked.Read(ref _blobBytes);

    /// <summary>Size of the control message being handled, framing included (the benchmark reports it).</summary>
    public int LastMessageBytes => _control.LastMessageBytes;

    public static async Task<AgentSession> ConnectAsync(Uri hubUrl, HttpMessageInvoker invoker, Hello hello, TimeProvider time, CancellationToken cancellationToken, Tunnels.TunnelDialer? tunnels = null, Protocol.Transport.CoalescingDialer? dialer = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the session's own heartbeats do this job
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "http" ? "ws" : "wss", Path = ChannelNames.SessionPath }.Uri;
        try
        {
            await socket.ConnectAsync(uri, invoker, cancellationToken);
        }
        catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            socket.Dispose();
            throw new SiteRevokedException($"the hub at {hubUrl} refuses this site (HTTP {(int)socket.HttpStatusCode}): it was revoked or removed; an operator must add the machine again under a new site id and give it a new token");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var ended = new CancellationTokenSource();
        // Tunnel streams live exactly as long as this session: a reconnect starts with none.
        var mux = ChannelMultiplexer.Start(socket, isClient: true, tunnels is null ? null : offer => tunnels.OnOffered(offer, ended.Token), dialer?.Last);
        try
        {
            var channel = await mux.OpenAsync(ChannelNames.Control, cancellationToken: cancellationToken);
            var control = new MessageChannel(channel.AsStream());
            await control.SendAsync(hello, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var welcome = await control.ReceiveAsync(timeout.Token) as Welcome
                ?? throw new InvalidDataException("The hub did not answer hello with welcome.");
            return new AgentSession(mux, socket, control, welcome, time, ended);
        }
        catch
        {
            ended.Dispose();
            await mux.DisposeAsync();
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(SessionMessage message, CancellationToken cancellationToken) => _control.SendAsync(message, cancellationToken);

    /// <summary>Fetches a blob or manifest by digest on a channel of its own and hands its content stream to <paramref name="consume"/>.</summary>
    public async Task FetchAsync(string digest, Func<Stream, Task> consume, CancellationToken cancellationToken)
    {
        var channel = await _mux.OpenAsync(ChannelNames.BlobPrefix + digest, FetchChannel, cancellationToken);
        await using var stream = channel.AsStream();
        var status = new byte[1];
        if (await stream.ReadAsync(status, cancellationToken) != 1)
        {
            throw new IOException($"The hub closed the fetch of {digest} without an answer.");
        }

        if (status[0] != ChannelNames.BlobFound)
        {
            using var reason = new StreamReader(stream, Encoding.UTF8);
            throw new BlobRefusedException(await reason.ReadToEndAsync(cancellationToken));
        }

        var counting = new CountingStream(stream, n => Interlocked.Add(ref _blobBytes, n));
        await consume(counting);
    }

    /// <summary>Runs the session until it ends: reads messages into <paramref name="onMessage"/> and sends heartbeats.</summary>
    public async Task RunAsync(Func<SessionMessage, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var ct = linked.Token;
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, Welcome.HeartbeatSeconds));
        var heartbeats = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval, _time);
            // Any bytes from the hub count, not only the answers to heartbeats: on a slow link an answer can wait behind
            // a download for longer than the allowed silence, and a session that is working must not be dropped for it.
            var (heard, lastHeard) = (_mux.BytesReceived, _time.GetUtcNow());
            var sending = Task.CompletedTask;
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var now = _time.GetUtcNow();
                    var received = _mux.BytesReceived;
                    if (received != heard)
                    {
                        (heard, lastHeard) = (received, now);
                    }

                    if (now - lastHeard > interval * 3)
                    {
                        throw new TimeoutException($"The hub has been silent for more than {(interval * 3).TotalSeconds:0.#} s.");
                    }

                    // Not awaited in the loop: a heartbeat stuck behind an upload on a dead link must not stop the silence check.
                    if (sending.IsCompleted)
                    {
                        await sending;
                        sending = _control.SendAsync(new Heartbeat(now), ct);
                    }
                }
            }
            finally
            {
                // A heartbeat still on its way fails with the session; that failure is not news.
                _ = sending.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }, ct);

        var reading = Task.Run(async () =>
        {
            while (await _control.ReceiveAsync(ct) is { } message)
            {
                if (message is not HeartbeatAck)
                {
                    await onMessage(message, ct);
                }
            }
        }, ct);

        var first = await Task.WhenAny(heartbeats, reading);
        await linked.CancelAsync();
        try
        {
            await first; // surfaces the reason the session ended
        }
        finally
        {
            try
            {
                await Task.WhenAll(heartbeats, reading);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // the other loop stopped because we cancelled it
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ended.CancelAsync();
        await _control.DisposeAsync();
        await _mux.DisposeAsync();
        _ended.Dispose();
        _socket.Dispose();
    }
}
