using Dapper;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Rollouts;

/// <summary>Builds rollout views (per-wave counts, failures, deferred sites) and a site's rollout history from the database.</summary>
public sealed class RolloutReader(HubDatabase database, RolloutController controller, SiteRepository sites, RolloutPresence presence, TimeProvider time)
{
    public IReadOnlyList<RolloutView> List(int limit)
    {
        using var c = database.Open();
        var ids = c.Query<long>("SELECT id FROM rollouts ORDER BY id DESC LIMIT @limit", new { limit }).ToList();
        return ids.Select(View).ToList();
    }

    /// <summary>The active rollout, else the newest one.</summary>
    public RolloutView Current()
    {
        using var c = database.Open();
        var id = c.ExecuteScalar<long?>("SELECT id FROM rollouts ORDER BY state IN ('running', 'waiting-approval', 'paused') DESC, id DESC LIMIT 1")
            ?? throw new HubException(404, "no rollout has been started on this hub");
        return View(id);
    }

    public RolloutView View(long id)
    {
        var r = controller.Load(id);
        var policy = controller.Policy(r);
        using var c = database.Open();
        var waves = c.Query<WaveRow>("SELECT * FROM rollout_waves WHERE rollout_id = @id ORDER BY idx", new { id }).ToList();
        var rows = c.Query<SiteRow>("SELECT * FROM rollout_sites WHERE rollout_id = @id", new { id }).ToList();
        var calendar = new WindowCalendar(r.Now ? [] : policy.MaintenanceWindows);
        var records = calendar.IsEmpty ? null : sites.List().ToDictionary(s => s.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var byWave = rows.ToLookup(s => s.Wave_Idx);
        var targets = RolloutController.Targets(c, r);
        return new RolloutView
        {
            Id = r.Id,
            Revision = r.Revision,
            Policy = r.Policy_Name,
            State = r.State,
            Reason = r.Reason,
            CurrentWave = (int)r.Current_Wave,
            Now = r.Now,
            CreatedAt = RolloutRow.Time(r.Created_At)!.Value,
            CreatedBy = r.Created_By,
            FinishedAt = RolloutRow.Time(r.Finished_At),
            Waves = waves.Select(w =>
            {
                var wp = policy.Waves[(int)w.Idx];
                var ws = byWave[w.Idx].ToList();
                int Count(string state) => ws.Count(s => s.State == state);
                return new WaveView
                {
                    Index = (int)w.Idx,
                    Name = w.Name,
                    Selector = w.Selector,
                    State = w.State,
                    Total = (int)w.Total,
                    Pending = Count(RolloutStates.SitePending),
                    Updating = Count(RolloutStates.SiteUpdating),
                    Healthy = Count(RolloutStates.SiteHealthy),
                    Failed = Count(RolloutStates.SiteFailed),
                    Deferred = Count(RolloutStates.SiteDeferred),
                    RolledBack = Count(RolloutStates.SiteRolledBack),
                    Cancelled = Count(RolloutStates.SiteCancelled),
                    Offline = ws.Count(s => s.State is RolloutStates.SitePending or RolloutStates.SiteUpdating && !presence.IsOnline(s.Site_Id)),
                    WaitingWindow = records is null ? 0 : ws.Count(s => s.State == RolloutStates.SitePending && records.TryGetValue(s.Site_Id, out var site) && !calendar.IsOpen(site, now)),
                    ApprovalRequired = wp.Approval,
                    ApprovedBy = w.Approved_By,
                    StartedAt = RolloutRow.Time(w.Started_At),
                    BakeUntil = RolloutRow.Time(w.Bake_Until),
                    MaxUnavailable = wp.MaxUnavailable.ToString(),
                    FailureThreshold = wp.FailureThreshold.ToString(),
                    BakeTime = DurationText.Format(wp.BakeTime),
                };
            }).ToList(),
            Revisions = targets.Summary(rows.Select(s => s.Site_Id)),
            Failed = Problems(rows, waves, RolloutStates.SiteFailed),
            Deferred = Problems(rows, waves, RolloutStates.SiteDeferred),
        };
    }

    public IReadOnlyList<SiteRolloutEntry> History(string siteId)
    {
        if (sites.Find(siteId) is null)
        {
            throw new HubException(404, $"site '{siteId}' does not exist");
        }

        using var c = database.Open();
        return c.Query<(long Rollout, string Revision, string RolloutState, string Wave, string State, string? Previous, string? Dispatched, string? Finished, string? Reason, string Created)>(
                """
                SELECT r.id, r.revision, r.state, w.name, s.state, s.previous_revision, s.dispatched_at, s.finished_at, s.reason, r.created_at
                FROM rollout_sites s JOIN rollouts r ON r.id = s.rollout_id JOIN rollout_waves w ON w.rollout_id = s.rollout_id AND w.idx = s.wave_idx
                WHERE s.site_id = @siteId ORDER BY r.id DESC
                """, new { siteId })
            .Select(x => new SiteRolloutEntry(x.Rollout, x.Revision, x.RolloutState, x.Wave, x.State, x.Previous,
                RolloutRow.Time(x.Dispatched), RolloutRow.Time(x.Finished), x.Reason, RolloutRow.Time(x.Created)!.Value))
            .ToList();
    }

    private static List<SiteProblem> Problems(List<SiteRow> rows, List<WaveRow> waves, string state) =>
        rows.Where(s => s.State == state).OrderBy(s => s.Site_Id, StringComparer.Ordinal)
            .Select(s => new SiteProblem(s.Site_Id, waves.First(w => w.Idx == s.Wave_Idx).Name, s.Reason)).ToList();
}
