using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Rollouts;

/// <summary>One step of every rollout that still has work: outcomes, gates, deadlines, windows and dispatch.</summary>
public sealed partial class RolloutController
{
    private const string Hub = "hub";

    private void StepAll()
    {
        List<RolloutRow> rollouts;
        using (var c = _database.Open())
        {
            // Finished rollouts still own their deferred sites: those are updated when they come back.
            rollouts = c.Query<RolloutRow>(
                """
                SELECT * FROM rollouts WHERE state IN ('running', 'waiting-approval', 'paused')
                   OR (state = 'completed' AND EXISTS (SELECT 1 FROM rollout_sites s WHERE s.rollout_id = rollouts.id AND s.state IN ('deferred', 'updating')))
                ORDER BY id
                """).ToList();
        }

        foreach (var r in rollouts)
        {
            Step(r);
        }
    }

    private void Step(RolloutRow r)
    {
        var policy = Policy(r);
        CollectOutcomes(r);
        var sites = new Lazy<Dictionary<string, SiteRecord>>(() => _sites.List().ToDictionary(s => s.Id, StringComparer.Ordinal));
        var calendar = new WindowCalendar(r.Now ? [] : policy.MaintenanceWindows);

        // Each pass makes at most one wave transition; a wave with nothing to wait for (zero bake) moves on in the same step.
        for (var pass = 0; pass <= policy.Waves.Count + 1 && r.State == RolloutStates.Running; pass++)
        {
            if (!StepWave(r, policy, calendar, sites))
            {
                break;
            }

            r = Load(r.Id);
        }

        if (r.State is RolloutStates.Running or RolloutStates.WaitingApproval or RolloutStates.Completed)
        {
            CatchUpDeferred(r, calendar, sites);
        }
    }

    /// <summary>Returns true when the wave changed state and the next pass should look again.</summary>
    private bool StepWave(RolloutRow r, RolloutPolicy policy, WindowCalendar calendar, Lazy<Dictionary<string, SiteRecord>> sites)
    {
        using var c = _database.Open();
        var wave = c.QuerySingleOrDefault<WaveRow>("SELECT * FROM rollout_waves WHERE rollout_id = @Id AND idx = @Current_Wave", r);
        if (wave is null)
        {
            Complete(r);
            return false;
        }

        var wp = policy.Waves[(int)wave.Idx];
        var now = _time.GetUtcNow();
        switch (wave.State)
        {
            case RolloutStates.WavePending when wp.Approval && wave.Approved_By is null:
                using (var tx = c.BeginTransaction())
                {
                    if (c.Execute("UPDATE rollouts SET state = 'waiting-approval', reason = @reason WHERE id = @id AND state = 'running'",
                        new { id = r.Id, reason = $"wave '{wave.Name}' waits for approval (outpost rollout approve {r.Id})" }, tx) == 1)
                    {
                        _events.Record("rollout-waiting-approval", Hub, null, Data(new { rollout = r.Id, wave = wave.Name }), c, tx);
                    }

                    tx.Commit();
                }

                return false;
            case RolloutStates.WavePending:
                using (var tx = c.BeginTransaction())
                {
                    if (c.Execute("UPDATE rollout_waves SET state = 'running', started_at = @now WHERE rollout_id = @id AND idx = @idx AND state = 'pending'",
                        new { id = r.Id, idx = wave.Idx, now = now.ToString("O") }, tx) == 1)
                    {
                        _events.Record("rollout-wave-started", Hub, null, Data(new { rollout = r.Id, wave = wave.Name, sites = wave.Total, approvedBy = wave.Approved_By }), c, tx);
                    }

                    tx.Commit();
                }

                return true;
            case RolloutStates.WaveDone:
                c.Execute("UPDATE rollouts SET current_wave = current_wave + 1 WHERE id = @Id AND current_wave = @Current_Wave", r);
                return true;
        }

        var rows = c.Query<SiteRow>("SELECT * FROM rollout_sites WHERE rollout_id = @id AND wave_idx = @idx", new { id = r.Id, idx = wave.Idx }).ToList();
        var failed = rows.Count(s => s.State == RolloutStates.SiteFailed);
        if (failed - wave.Failures_Ignored >= wp.FailureLimit((int)wave.Total))
        {
            var reason = $"failure threshold reached in wave '{wave.Name}': {failed} of {wave.Total} site(s) failed (threshold {wp.FailureThreshold})";
            Pause(r, "hub (failure threshold)", reason);
            if (policy.AutoRollback)
            {
                Rollback(Load(r.Id), Hub, reason + "; auto-rollback");
            }

            return false;
        }

        if (wave.State == RolloutStates.WaveBaking)
        {
            if (now < RolloutRow.Time(wave.Bake_Until))
            {
                return false;
            }

            using var tx = c.BeginTransaction();
            if (c.Execute("UPDATE rollout_waves SET state = 'done' WHERE rollout_id = @id AND idx = @idx AND state = 'baking'", new { id = r.Id, idx = wave.Idx }, tx) == 1)
            {
                c.Execute("UPDATE rollouts SET current_wave = @next WHERE id = @id AND current_wave = @idx", new { id = r.Id, idx = wave.Idx, next = wave.Idx + 1 }, tx);
                _events.Record("rollout-gate-passed", Hub, null, Data(new
                {
                    rollout = r.Id, wave = wave.Name, healthy = rows.Count(s => s.State == RolloutStates.SiteHealthy), failed,
                    deferred = rows.Count(s => s.State == RolloutStates.SiteDeferred),
                }), c, tx);
            }

            tx.Commit();
            return true;
        }

        // Running: deadlines first, then dispatch into the free slots, then the gate.
        if (Deadlines(c, r, policy, wave, rows, now))
        {
            return true;
        }

        var updating = rows.Count(s => s.State == RolloutStates.SiteUpdating);
        var slots = wp.Concurrency((int)wave.Total) - updating;
        if (slots > 0)
        {
            var ready = rows.Where(s => s.State == RolloutStates.SitePending && s.Dispatched_At is null && _presence.IsOnline(s.Site_Id)
                    && (calendar.IsEmpty || (sites.Value.TryGetValue(s.Site_Id, out var site) && calendar.IsOpen(site, now))))
                .Select(s => s.Site_Id)
                .Order(StringComparer.Ordinal)
                .Take(slots)
                .ToList();
            if (ready.Count > 0)
            {
                Dispatch(r, ready);
                return true;
            }
        }

        if (rows.Any(s => s.State is RolloutStates.SitePending or RolloutStates.SiteUpdating))
        {
            return false;
        }

        using (var tx = c.BeginTransaction())
        {
            var bakeUntil = now + wp.BakeTime;
            if (c.Execute("UPDATE rollout_waves SET state = 'baking', bake_until = @until WHERE rollout_id = @id AND idx = @idx AND state = 'running'",
                new { id = r.Id, idx = wave.Idx, until = bakeUntil.ToString("O") }, tx) == 1)
            {
                _events.Record("rollout-wave-baking", Hub, null, Data(new { rollout = r.Id, wave = wave.Name, until = bakeUntil }), c, tx);
            }

            tx.Commit();
        }

        return true;
    }

    /// <summary>Offline sites past the deadline become deferred; an online site that never reports is failed. Returns true if any changed.</summary>
    private bool Deadlines(Microsoft.Data.Sqlite.SqliteConnection c, RolloutRow r, RolloutPolicy policy, WaveRow wave, List<SiteRow> rows, DateTimeOffset now)
    {
        var waveStarted = RolloutRow.Time(wave.Started_At) ?? now;
        var changes = new List<(string Site, string State, string Reason)>();
        foreach (var s in rows)
        {
            if (s.State == RolloutStates.SitePending && now - waveStarted >= policy.OfflineDeadline && !_presence.IsOnline(s.Site_Id))
            {
                changes.Add((s.Site_Id, RolloutStates.SiteDeferred, $"offline for {DurationText.Format(policy.OfflineDeadline)} since the wave started; updated when it comes back"));
            }
            else if (s.State == RolloutStates.SiteUpdating && now - RolloutRow.Time(s.Dispatched_At) >= policy.OfflineDeadline)
            {
                changes.Add(_presence.IsOnline(s.Site_Id)
                    ? (s.Site_Id, RolloutStates.SiteFailed, $"no outcome reported within {DurationText.Format(policy.OfflineDeadline)}")
                    : (s.Site_Id, RolloutStates.SiteDeferred, $"went offline before reporting; counted when it comes back"));
            }
        }

        if (changes.Count == 0)
        {
            return false;
        }

        using var tx = c.BeginTransaction();
        foreach (var (site, state, reason) in changes)
        {
            if (c.Execute("UPDATE rollout_sites SET state = @state, reason = @reason WHERE rollout_id = @id AND site_id = @site AND state IN ('pending', 'updating')",
                new { id = r.Id, site, state, reason }, tx) == 1)
            {
                _events.Record($"rollout-site-{state}", Hub, site, Data(new { rollout = r.Id, wave = wave.Name, reason }), c, tx);
            }
        }

        tx.Commit();
        return true;
    }

    /// <summary>Deferred sites that never got the revision get it once they are back online (and inside their window).</summary>
    private void CatchUpDeferred(RolloutRow r, WindowCalendar calendar, Lazy<Dictionary<string, SiteRecord>> sites)
    {
        List<string> waiting;
        using (var c = _database.Open())
        {
            waiting = c.Query<string>("SELECT site_id FROM rollout_sites WHERE rollout_id = @Id AND state = 'deferred' AND dispatched_at IS NULL AND wave_idx <= @Current_Wave", r).ToList();
        }

        var now = _time.GetUtcNow();
        var ready = waiting.Where(id => _presence.IsOnline(id) && (calendar.IsEmpty || (sites.Value.TryGetValue(id, out var site) && calendar.IsOpen(site, now)))).ToList();
        if (ready.Count > 0)
        {
            Dispatch(r, ready);
        }
    }

    /// <summary>
    /// Makes the rollout's revision desired for these sites: the site's rollout state and its desired revision change in one
    /// transaction, and only from "not yet dispatched", so no site ever gets the revision twice from one rollout.
    /// </summary>
    private void Dispatch(RolloutRow r, IReadOnlyList<string> ids)
    {
        var now = Now();
        var json = JsonSerializer.Serialize(ids);
        var pushes = new List<(string Revision, List<string> Sites)>();
        using (var c = _database.Open())
        using (var tx = c.BeginTransaction())
        {
            var targets = Targets(c, r, tx);

            // A site already running its revision healthily has nothing to apply and would report nothing.
            var running = c.Query<(string Id, string? Desired, string? Applied, string? Health)>(
                    "SELECT id, desired_revision, applied_revision, health FROM sites WHERE id IN (SELECT value FROM json_each(@json))", new { json }, tx)
                .Where(s => s.Health == "healthy" && s.Desired == targets.Of(s.Id) && s.Applied == targets.Of(s.Id))
                .Select(s => s.Id)
                .ToList();
            var current = c.Query<string>(
                """
                UPDATE rollout_sites SET state = 'healthy', dispatched_at = @now, finished_at = @now, reason = 'already running this revision'
                WHERE rollout_id = @id AND dispatched_at IS NULL AND state IN ('pending', 'deferred') AND site_id IN (SELECT value FROM json_each(@running))
                RETURNING site_id
                """, new { id = r.Id, now, running = JsonSerializer.Serialize(running) }, tx).ToList();
            var dispatched = c.Query<string>(
                """
                UPDATE rollout_sites SET state = 'updating', dispatched_at = @now, reason = NULL,
                    since_event = (SELECT COALESCE(MAX(id), 0) FROM events),
                    previous_revision = (SELECT desired_revision FROM sites WHERE sites.id = rollout_sites.site_id)
                WHERE rollout_id = @id AND dispatched_at IS NULL AND state IN ('pending', 'deferred') AND site_id IN (SELECT value FROM json_each(@json))
                RETURNING site_id
                """, new { id = r.Id, now, json }, tx).ToList();
            foreach (var group in dispatched.GroupBy(targets.Of, StringComparer.Ordinal))
            {
                var done = JsonSerializer.Serialize(group);
                _publish.SetDesired(c, tx, group.Key, done, $"rollout:{r.Id}", $"\"rollout\":{r.Id}");
                c.Execute("INSERT INTO events (at, site_id, kind, actor, data) SELECT @now, value, 'rollout-site-updating', @actor, @data FROM json_each(@done)",
                    new { now, done, actor = Hub, data = Data(new { rollout = r.Id, revision = group.Key }) }, tx);
                pushes.Add((group.Key, group.ToList()));
            }

            if (current.Count > 0)
            {
                c.Execute("INSERT INTO events (at, site_id, kind, actor, data) SELECT @now, value, 'rollout-site-healthy', @actor, @data FROM json_each(@current)",
                    new { now, current = JsonSerializer.Serialize(current), actor = Hub, data = Data(new { rollout = r.Id, reason = "already running this revision" }) }, tx);
            }

            tx.Commit();
        }

        foreach (var (revision, sites) in pushes)
        {
            _publish.Push(revision, sites);
            Dispatched?.Invoke(revision, sites);
        }
    }

    /// <summary>Turns the agents' reports (applied, rolled-back, apply-failed) since each site's dispatch into healthy or failed.</summary>
    private void CollectOutcomes(RolloutRow r)
    {
        using var c = _database.Open();
        var reports = c.Query<(string Site, string Kind, string Data)>(
            """
            SELECT rs.site_id, e.kind, e.data FROM rollout_sites rs
            JOIN events e ON e.site_id = rs.site_id AND e.id > rs.since_event
            WHERE rs.rollout_id = @Id AND rs.state IN ('updating', 'deferred') AND rs.since_event IS NOT NULL
              AND e.kind IN ('applied', 'rolled-back', 'apply-failed')
            ORDER BY e.id
            """, r);
        var outcomes = new Dictionary<string, (string State, string? Reason)>(StringComparer.Ordinal);
        var targets = new Lazy<RolloutTargets>(() => Targets(c, r));
        foreach (var (site, kind, data) in reports)
        {
            if (!outcomes.ContainsKey(site) && Outcome(targets.Value.Of(site), kind, data) is { } outcome)
            {
                outcomes[site] = outcome;
            }
        }

        if (outcomes.Count == 0)
        {
            return;
        }

        var now = Now();
        using var tx = c.BeginTransaction();
        foreach (var (site, (state, reason)) in outcomes)
        {
            if (c.Execute("UPDATE rollout_sites SET state = @state, reason = @reason, finished_at = @now WHERE rollout_id = @id AND site_id = @site AND state IN ('updating', 'deferred')",
                new { id = r.Id, site, state, reason, now }, tx) == 1)
            {
                _events.Record($"rollout-site-{state}", Hub, site, Data(new { rollout = r.Id, revision = targets.Value.Of(site), reason }), c, tx);
            }
        }

        tx.Commit();
    }

    private static (string State, string? Reason)? Outcome(string revision, string kind, string data)
    {
        using var doc = JsonDocument.Parse(data);
        var root = doc.RootElement;
        string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        switch (kind)
        {
            case "applied" when Text("revision") == revision:
                if (!root.TryGetProperty("healthy", out var healthy) || healthy.ValueKind != JsonValueKind.False)
                {
                    return (RolloutStates.SiteHealthy, null);
                }

                var failing = root.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array
                    ? checks.EnumerateArray().Where(ch => ch.TryGetProperty("healthy", out var h) && h.ValueKind == JsonValueKind.False)
                        .Select(ch => ch.TryGetProperty("name", out var n) ? n.GetString() : "?").ToList()
                    : [];
                return (RolloutStates.SiteFailed, failing.Count > 0 ? $"health check(s) failed: {string.Join(", ", failing)}; the agent rolled back" : "unhealthy after apply");
            case "rolled-back" when Text("from") == revision:
                return (RolloutStates.SiteFailed, $"the agent rolled back: {Text("reason") ?? "health checks failed"}");
            case "apply-failed" when Text("revision") == revision:
                return (RolloutStates.SiteFailed, $"apply failed: {Text("error")}");
            default:
                return null;
        }
    }

    private void Pause(RolloutRow r, string actor, string reason)
    {
        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        if (c.Execute("UPDATE rollouts SET state = 'paused', reason = @reason WHERE id = @id AND state IN ('running', 'waiting-approval')", new { id = r.Id, reason }, tx) == 1)
        {
            _events.Record("rollout-paused", actor, null, Data(new { rollout = r.Id, reason }), c, tx);
        }

        tx.Commit();
        LogPaused(_logger, r.Id, reason);
    }

    private void Complete(RolloutRow r)
    {
        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        var counts = c.Query<(string State, long N)>("SELECT state, COUNT(*) FROM rollout_sites WHERE rollout_id = @Id GROUP BY state", r, tx).ToDictionary(x => x.State, x => x.N);
        var completed = c.Execute("UPDATE rollouts SET state = 'completed', reason = NULL, finished_at = @now WHERE id = @id AND state = 'running'", new { id = r.Id, now = Now() }, tx) == 1;
        if (completed)
        {
            _events.Record("rollout-completed", Hub, null, Data(new
            {
                rollout = r.Id, revision = r.Revision, healthy = counts.GetValueOrDefault(RolloutStates.SiteHealthy),
                failed = counts.GetValueOrDefault(RolloutStates.SiteFailed), deferred = counts.GetValueOrDefault(RolloutStates.SiteDeferred),
            }), c, tx);
        }

        tx.Commit();
        if (completed)
        {
            Finished?.Invoke(r.Id);
        }
    }

    /// <summary>Puts each updated site's previous desired revision back (where the rollout's revision is still desired) and cancels the rest.</summary>
    private void Rollback(RolloutRow r, string actor, string reason)
    {
        var now = Now();
        var pushes = new List<(string Revision, List<string> Sites)>();
        using (var c = _database.Open())
        using (var tx = c.BeginTransaction())
        {
            var reverted = c.Query<(string Site, string? Previous)>(
                """
                UPDATE rollout_sites SET state = 'rolled-back', finished_at = @now,
                    reason = CASE WHEN previous_revision IS NULL THEN 'no previous revision to return to' ELSE 'desired revision set back to ' || previous_revision END
                WHERE rollout_id = @id AND since_event IS NOT NULL AND state IN ('updating', 'healthy', 'failed', 'deferred')
                RETURNING site_id, previous_revision
                """, new { id = r.Id, now }, tx).ToList();
            var cancelled = c.Execute("UPDATE rollout_sites SET state = 'cancelled', finished_at = @now, reason = @reason WHERE rollout_id = @id AND dispatched_at IS NULL AND state IN ('pending', 'deferred')",
                new { id = r.Id, now, reason = "rollout rolled back before this site was updated" }, tx);
            var targets = Targets(c, r, tx);
            var desired = c.Query<(string Id, string? Desired)>("SELECT id, desired_revision FROM sites WHERE id IN (SELECT value FROM json_each(@json))",
                new { json = JsonSerializer.Serialize(reverted.Select(x => x.Site)) }, tx).ToDictionary(x => x.Id, x => x.Desired, StringComparer.Ordinal);
            foreach (var group in reverted.Where(x => x.Previous is not null).GroupBy(x => x.Previous!))
            {
                // A site someone published something else to since is left alone.
                var ids = group.Select(x => x.Site).Where(site => desired.GetValueOrDefault(site) == targets.Of(site)).ToList();
                if (ids.Count > 0)
                {
                    _publish.SetDesired(c, tx, group.Key, JsonSerializer.Serialize(ids), actor, $"\"rollout\":{r.Id},\"rollback\":true");
                    pushes.Add((group.Key, ids));
                }
            }

            c.Execute("UPDATE rollouts SET state = 'rolled-back', reason = @reason, finished_at = @now WHERE id = @id", new { id = r.Id, reason, now }, tx);
            _events.Record("rollout-rolled-back", actor, null, Data(new { rollout = r.Id, revision = r.Revision, reason, reverted = pushes.Sum(p => p.Sites.Count), cancelled }), c, tx);
            tx.Commit();
        }

        foreach (var (revision, ids) in pushes)
        {
            _publish.Push(revision, ids);
        }

        LogRolledBack(_logger, r.Id, reason);
        Finished?.Invoke(r.Id);
    }

    [LoggerMessage(LogLevel.Warning, "Rollout {Rollout} paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, long rollout, string reason);

    [LoggerMessage(LogLevel.Warning, "Rollout {Rollout} rolled back: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, long rollout, string reason);
}
