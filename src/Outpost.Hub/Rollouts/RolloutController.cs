using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outpost.Hub.Bundles;
using Outpost.Hub.Events;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Rollouts;

/// <summary>
/// The rollout state machine. All state is in the database (rollouts, rollout_waves, rollout_sites) and every transition
/// is one transaction with a condition on the state it leaves, so a hub killed at any moment resumes where it was. It runs
/// on a tick of the injected clock and is woken early by agent events, operator actions and new rollouts.
/// </summary>
public sealed partial class RolloutController : BackgroundService
{
    private readonly HubDatabase _database;
    private readonly PublishService _publish;
    private readonly RevisionStore _revisions;
    private readonly SiteRepository _sites;
    private readonly PolicyStore _policies;
    private readonly EventLog _events;
    private readonly StatusIngestor _ingestor;
    private readonly RolloutPresence _presence;
    private readonly TimeProvider _time;
    private readonly ILogger<RolloutController> _logger;
    private readonly TimeSpan _tick;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, RolloutPolicy> _policyCache = new();

    public RolloutController(HubDatabase database, PublishService publish, RevisionStore revisions, SiteRepository sites, PolicyStore policies, EventLog events,
        StatusIngestor ingestor, RolloutPresence presence, TimeProvider time, IOptions<HubOptions> options, ILogger<RolloutController> logger)
    {
        (_database, _publish, _revisions, _sites, _policies, _events, _ingestor, _presence, _time, _logger) =
            (database, publish, revisions, sites, policies, events, ingestor, presence, time, logger);
        _tick = options.Value.Extra.TryGetValue("rollouts.tickSeconds", out var t) && double.TryParse(t, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
    }

    /// <summary>Raised after a commit that made a revision desired for sites (load harnesses answer for simulated agents).</summary>
    public event Action<string, IReadOnlyList<string>>? Dispatched;

    /// <summary>Raised after a rollout completed or was rolled back (no rollout is active any more): a fleet commit waiting for it may go.</summary>
    public event Action<long>? Finished;

    /// <summary>Asks for a step soon; many wakes before the step runs make one step.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _ingestor.Stored += OnStored;
        Task<bool>? wake = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _gate.WaitAsync(stoppingToken);
                try
                {
                    StepAll();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStepFailed(_logger, e);
                }
                finally
                {
                    _gate.Release();
                }

                // Woken by an event or by the tick (bake times, windows, deadlines), whichever comes first; one wait on
                // the channel is kept across ticks rather than a new one (and a cancellation) per tick.
                wake ??= _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                await Task.WhenAny(wake, Task.Delay(_tick, _time, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
                if (wake.IsCompleted)
                {
                    wake = null;
                    _wake.Reader.TryRead(out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _ingestor.Stored -= OnStored;
        }
    }

    private void OnStored(IReadOnlyCollection<string> siteIds) => Wake();

    /// <summary>Runs an operator action under the same lock as the steps, then wakes the loop.</summary>
    private async Task<T> ActAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return action();
        }
        finally
        {
            _gate.Release();
            Wake();
        }
    }

    public Task<long> StartAsync(RolloutStartRequest request, string actor, CancellationToken cancellationToken) =>
        ActAsync(() => Start(request, actor), cancellationToken);

    public Task PauseAsync(long id, string actor, CancellationToken cancellationToken) => ActAsync(() =>
    {
        var r = Load(id);
        if (r.State is not (RolloutStates.Running or RolloutStates.WaitingApproval))
        {
            throw new HubException(409, $"rollout {id} is {r.State}; only a running rollout can be paused");
        }

        Pause(r, actor, $"paused by {actor}");
        return true;
    }, cancellationToken);

    public Task ResumeAsync(long id, string actor, CancellationToken cancellationToken) => ActAsync(() =>
    {
        var r = Load(id);
        if (r.State != RolloutStates.Paused)
        {
            throw new HubException(409, $"rollout {id} is {r.State}; only a paused rollout can be resumed");
        }

        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        // Failures that paused the wave are known now; only new ones count against its threshold.
        c.Execute(
            """
            UPDATE rollout_waves SET failures_ignored = (SELECT COUNT(*) FROM rollout_sites s WHERE s.rollout_id = @id AND s.wave_idx = @wave AND s.state = 'failed')
            WHERE rollout_id = @id AND idx = @wave
            """, new { id, wave = r.Current_Wave }, tx);
        c.Execute("UPDATE rollouts SET state = 'running', reason = NULL WHERE id = @id AND state = 'paused'", new { id }, tx);
        _events.Record("rollout-resumed", actor, null, Data(new { rollout = id }), c, tx);
        tx.Commit();
        return true;
    }, cancellationToken);

    public Task ApproveAsync(long id, string actor, CancellationToken cancellationToken) => ActAsync(() =>
    {
        var r = Load(id);
        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        var wave = c.QuerySingleOrDefault<WaveRow>("SELECT * FROM rollout_waves WHERE rollout_id = @id AND idx = @idx", new { id, idx = r.Current_Wave }, tx);
        var policy = Policy(r);
        if (wave is null || wave.State != RolloutStates.WavePending || !policy.Waves[(int)wave.Idx].Approval || wave.Approved_By is not null
            || r.State is not (RolloutStates.WaitingApproval or RolloutStates.Paused))
        {
            throw new HubException(409, $"rollout {id} is {r.State} and has no wave waiting for approval");
        }

        c.Execute("UPDATE rollout_waves SET approved_by = @actor WHERE rollout_id = @id AND idx = @idx", new { id, idx = wave.Idx, actor }, tx);
        c.Execute("UPDATE rollouts SET state = 'running', reason = NULL WHERE id = @id AND state = 'waiting-approval'", new { id }, tx);
        _events.Record("rollout-approved", actor, null, Data(new { rollout = id, wave = wave.Name, by = actor }), c, tx);
        tx.Commit();
        return true;
    }, cancellationToken);

    public Task RollbackAsync(long id, string actor, CancellationToken cancellationToken) => ActAsync(() =>
    {
        var r = Load(id);
        if (r.State == RolloutStates.RolledBack)
        {
            throw new HubException(409, $"rollout {id} is already rolled back");
        }

        Rollback(r, actor, $"rolled back by {actor}");
        return true;
    }, cancellationToken);

    private long Start(RolloutStartRequest request, string actor)
    {
        var revision = _revisions.Resolve(request.Revision) ?? throw new HubException(404, $"revision '{request.Revision}' does not exist (publish or upload it first)");
        string file, yaml;
        if (request.PolicyYaml is not null)
        {
            (file, yaml) = (request.PolicyFile ?? "inline-policy.yaml", request.PolicyYaml);
        }
        else if (request.Policy is not null)
        {
            (file, yaml) = _policies.Find(request.Policy) ?? throw new HubException(404, $"rollout policy '{request.Policy}' does not exist (see outpost rollout policy list)");
        }
        else
        {
            (file, yaml) = _policies.Find("default") ?? ("builtin", BuiltinYaml);
        }

        var sites = _sites.List().Where(s => s.RevokedAt is null).ToList();
        var (policy, members) = Assign(file, yaml, sites, sites);
        return Create(revision, null, policy, file, yaml, members, request.Now, actor);
    }

    /// <summary>Parses and checks the policy against the hub's sites, then puts each of <paramref name="candidates"/> in its first matching wave.</summary>
    private static (RolloutPolicy Policy, List<(string Site, int Wave)> Members) Assign(string file, string yaml, IReadOnlyList<SiteRecord> sites, IReadOnlyList<SiteRecord> candidates)
    {
        RolloutPolicy policy;
        try
        {
            policy = PolicyParser.Parse(yaml, file);
            PolicyParser.CheckAgainst(policy, yaml, file, sites);
        }
        catch (PolicyException e)
        {
            throw new HubException(400, e.Message);
        }

        var selectors = policy.Waves.Select(w => w.Selector is null ? null : LabelSelector.Parse(w.Selector)).ToList();
        var members = new List<(string Site, int Wave)>();
        foreach (var site in candidates)
        {
            var labels = site.SelectableLabels();
            var wave = selectors.FindIndex(s => s is null || s.Matches(labels));
            if (wave >= 0)
            {
                members.Add((site.Id, wave));
            }
        }

        if (members.Count == 0)
        {
            throw new HubException(400, $"no site is in any wave of policy '{policy.Name}'");
        }

        return (policy, members);
    }

    /// <summary>Stores a new running rollout (refused while another is active); <paramref name="targets"/> gives sites a revision other than <paramref name="revision"/>.</summary>
    private long Create(string revision, IReadOnlyDictionary<string, string>? targets, RolloutPolicy policy, string file, string yaml,
        List<(string Site, int Wave)> members, bool nowFlag, string actor)
    {
        var now = Now();
        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        var active = c.ExecuteScalar<long?>("SELECT id FROM rollouts WHERE state IN ('running', 'waiting-approval', 'paused') LIMIT 1", transaction: tx);
        if (active is { } other)
        {
            throw new HubException(409, $"rollout {other} is still active: let it finish, or roll it back first");
        }

        var id = c.ExecuteScalar<long>(
            """
            INSERT INTO rollouts (revision, policy_name, policy_file, policy_source, now_flag, state, current_wave, created_at, created_by)
            VALUES (@revision, @Name, @file, @yaml, @nowFlag, 'running', 0, @now, @actor) RETURNING id
            """, new { revision, policy.Name, file, yaml, nowFlag = nowFlag ? 1 : 0, now, actor }, tx);
        for (var i = 0; i < policy.Waves.Count; i++)
        {
            c.Execute("INSERT INTO rollout_waves (rollout_id, idx, name, selector, state, total) VALUES (@id, @i, @Name, @Selector, 'pending', @total)",
                new { id, i, policy.Waves[i].Name, policy.Waves[i].Selector, total = members.Count(m => m.Wave == i) }, tx);
        }

        c.Execute("INSERT INTO rollout_sites (rollout_id, site_id, wave_idx, state) SELECT @id, json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'pending' FROM json_each(@rows)",
            new { id, rows = JsonSerializer.Serialize(members.Select(m => new object[] { m.Site, m.Wave })) }, tx);
        if (targets is not null)
        {
            var rows = members.Where(m => targets[m.Site] != revision).Select(m => new[] { m.Site, targets[m.Site] });
            c.Execute("INSERT INTO rollout_targets (rollout_id, site_id, revision) SELECT @id, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@rows)",
                new { id, rows = JsonSerializer.Serialize(rows) }, tx);
        }

        // Deferred sites of older rollouts that never got their revision must not get it after this one.
        c.Execute("UPDATE rollout_sites SET state = 'cancelled', reason = @reason, finished_at = @now WHERE rollout_id <> @id AND state = 'deferred' AND dispatched_at IS NULL",
            new { id, now, reason = $"superseded by rollout {id}" }, tx);
        var revisionCount = targets is null ? 1 : members.Select(m => targets[m.Site]).Distinct(StringComparer.Ordinal).Count();
        _events.Record("rollout-started", actor, null, Data(new { rollout = id, revision, revisions = revisionCount, policy = policy.Name, now = nowFlag, sites = members.Count, waves = policy.Waves.Select(w => w.Name) }), c, tx);
        tx.Commit();
        LogStarted(_logger, id, revision, policy.Name, members.Count);
        return id;
    }

    private const string BuiltinYaml = """
        name: builtin
        waves:
          - name: all
            maxUnavailable: 25%
        """;

    internal RolloutRow Load(long id)
    {
        using var c = _database.Open();
        return c.QuerySingleOrDefault<RolloutRow>("SELECT * FROM rollouts WHERE id = @id", new { id }) ?? throw new HubException(404, $"rollout {id} does not exist");
    }

    internal RolloutPolicy Policy(RolloutRow r) => _policyCache.GetOrAdd(r.Id, _ => PolicyParser.Parse(r.Policy_Source, r.Policy_File));

    private string Now() => _time.GetUtcNow().ToString("O");

    private static string Data(object value) => JsonSerializer.Serialize(value);

    [LoggerMessage(LogLevel.Information, "Rollout {Rollout} of {Revision} started with policy {Policy} over {Sites} site(s)")]
    private static partial void LogStarted(ILogger logger, long rollout, string revision, string policy, int sites);

    [LoggerMessage(LogLevel.Error, "A rollout step failed; the next tick retries it")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
