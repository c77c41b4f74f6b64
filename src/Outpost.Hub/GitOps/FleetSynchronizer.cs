using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outpost.Fleet;
using Outpost.Hub.Bundles;
using Outpost.Hub.Events;
using Outpost.Hub.Rollouts;
using Outpost.Hub.Sites;

namespace Outpost.Hub.GitOps;

/// <summary>
/// One pass of following the fleet repository: read the branch head; when the commit is new, add missing sites, render
/// every site (reusing the previous commit's render), and give a new revision only to sites whose bundle changed.
/// When fleet.yaml names a rollout policy, the changed sites go through one rollout (waves, gates, windows) instead.
/// Not thread-safe: <see cref="FleetFollower"/> runs it from one loop.
/// </summary>
public sealed partial class FleetSynchronizer(
    FleetFollowerSettings settings,
    FleetStateStore state,
    FleetSiteSync siteSync,
    FleetPolicySync policySync,
    RolloutController rollouts,
    FleetBundleBuilder builder,
    RevisionStore revisions,
    SiteRepository sites,
    IFleetRevisionPublisher publisher,
    EventLog events,
    TimeProvider time,
    ILogger<FleetSynchronizer> logger)
{
    private FleetRenderResult? _previous;

    /// <summary>Set when a commit's rollout had to wait for another rollout: the same commit is applied again at the next sync.</summary>
    private volatile bool _retry;
    private volatile FleetStatus _status = Initial(settings, state);

    public FleetStatus Status => _status;

    /// <summary>True when the last commit's rollout waits for another rollout to finish.</summary>
    public bool WaitsForRollout => _retry;

    /// <summary>Checks the branch and applies a new commit; never throws except for cancellation.</summary>
    public async Task<FleetStatus> SyncAsync(CancellationToken cancellationToken)
    {
        _status = _status with { State = "syncing" };
        var checkedAt = time.GetUtcNow();
        FleetRepository fleet;
        try
        {
            fleet = await Task.Run(() => FleetRepository.Open(settings.Repository!, settings.Branch, new FleetRepositoryOptions
            {
                CacheDirectory = settings.CacheDirectory,
                Subdirectory = settings.Subdirectory,
            }), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problems = e is FleetException fleetError ? fleetError.Errors.Select(FleetProblem.From).ToList() : [FleetProblem.Of(e.Message)];
            LogUnreadable(logger, settings.Repository!, settings.Branch, problems[0].Text, problems.Count);
            return Finish(_status with { CheckedAt = checkedAt, RepositoryErrors = problems });
        }

        if (_previous is not null && fleet.CommitId == _previous.CommitId && !_retry)
        {
            return Finish(_status with { CheckedAt = checkedAt, RepositoryErrors = [] });
        }

        return Finish(await ApplyAsync(fleet, checkedAt, cancellationToken));
    }

    private async Task<FleetStatus> ApplyAsync(FleetRepository fleet, DateTimeOffset checkedAt, CancellationToken cancellationToken)
    {
        var commit = fleet.CommitId;
        var actor = $"fleet:{commit[..12]}";
        var (created, problems) = siteSync.Apply(fleet.Inventory, actor);
        var errors = new List<FleetProblem>(problems);

        var result = await Task.Run(() => new FleetRenderer(fleet).RenderAll(new FleetRenderOptions { Previous = _previous }, cancellationToken), cancellationToken);
        errors.AddRange(result.Errors.Select(FleetProblem.From));
        foreach (var failed in result.Errors.Where(e => e.SiteId is not null).GroupBy(e => e.SiteId!))
        {
            events.Record("fleet-render-failed", actor, failed.Key, JsonSerializer.Serialize(new { commit, errors = failed.Select(e => e.ToString()) }));
        }

        var published = state.Sites();
        var hubSites = sites.List().ToDictionary(s => s.Id, StringComparer.Ordinal);
        var skipped = new List<string>();
        var changed = new List<RenderedBundle>();
        foreach (var bundle in result.Bundles)
        {
            if (!hubSites.TryGetValue(bundle.SiteId, out var hubSite) || hubSite.RevokedAt is not null)
            {
                skipped.Add(bundle.SiteId);
            }
            else if (!published.TryGetValue(bundle.SiteId, out var last) || last.ContentHash != bundle.ContentHash || last.RemovedIn is not null)
            {
                changed.Add(bundle);
            }
        }

        var policyResult = policySync.Apply(fleet, actor);
        var rolloutPolicy = fleet.Settings.Rollout?.Policy;
        string? held = null;
        _retry = false;
        if (rolloutPolicy is not null && changed.Count > 0)
        {
            if (policyResult.Problems.Count > 0)
            {
                held = "not rolled out: the fleet's rollout policies have errors (see policyErrors); a commit that fixes them rolls these sites out";
            }
            else if (rollouts.ActiveId() is { } active)
            {
                (held, _retry) = ($"waiting for rollout {active} to finish or be rolled back; this commit's rollout starts then", true);
            }
        }

        // Sites with byte-identical bundles share one revision (and one publish).
        var revisionsMade = new List<FleetRevisionInfo>();
        var failedSites = new HashSet<string>(result.FailedSites, StringComparer.Ordinal);
        var built = new List<FleetRevisionInfo>();
        foreach (var group in held is null ? changed.GroupBy(b => b.ContentHash, StringComparer.Ordinal) : [])
        {
            var siteIds = group.Select(b => b.SiteId).ToList();
            try
            {
                var manifest = await builder.BuildAsync(group.First(), cancellationToken);
                var revision = revisions.Create(manifest);
                var info = new FleetRevisionInfo(revision.Digest, FleetRevisionInfo.NameOf(commit, group.Key), commit, group.Key, siteIds);
                if (rolloutPolicy is null)
                {
                    await publisher.PublishAsync(info, actor, cancellationToken);
                    state.RecordPublished(info, actor);
                    revisionsMade.Add(info);
                }
                else
                {
                    built.Add(info);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.AddRange(siteIds.Select(id => FleetProblem.Of($"not published: {e.Message}", id)));
                failedSites.UnionWith(siteIds);
                LogPublishFailed(logger, e, string.Join(", ", siteIds), commit);
            }
        }

        long? rolloutId = null;
        if (rolloutPolicy is not null && built.Count > 0)
        {
            (rolloutId, held) = await StartRolloutAsync(rolloutPolicy, built, actor, revisionsMade, errors, cancellationToken);
        }

        var removed = published.Values.Where(s => s.RemovedIn is null && !fleet.Inventory.TryGet(s.Site, out _)).Select(s => s.Site).Order(StringComparer.Ordinal).ToList();
        state.MarkRemoved(removed, commit, actor);

        _previous = result;
        var changedCount = revisionsMade.Sum(r => r.Sites.Count);
        var status = new FleetStatus
        {
            Enabled = true,
            Repository = settings.Repository,
            Branch = settings.Branch,
            PollSeconds = settings.PollInterval.TotalSeconds,
            Commit = commit,
            RenderedAt = time.GetUtcNow(),
            CheckedAt = checkedAt,
            Sites = fleet.Inventory.Sites.Count,
            Rendered = result.SitesRendered,
            Reused = result.SitesReused,
            Changed = changedCount,
            Unchanged = result.Bundles.Count - changed.Count - skipped.Count,
            Failed = failedSites.Count,
            FailedSites = failedSites.Order(StringComparer.Ordinal).ToList(),
            CreatedSites = created,
            RemovedSites = removed,
            SkippedSites = skipped,
            Revisions = revisionsMade,
            Errors = errors,
            RolloutPolicy = rolloutPolicy,
            Rollout = rolloutId,
            RolloutHeld = held,
            HeldSites = held is null ? [] : changed.Select(b => b.SiteId).Where(id => !failedSites.Contains(id) && !revisionsMade.Any(r => r.Sites.Contains(id))).Order(StringComparer.Ordinal).ToList(),
            Policies = policyResult.Policies,
            PolicyErrors = policyResult.Problems,
        };
        events.Record("fleet-sync", actor, data: JsonSerializer.Serialize(new
        {
            commit, sites = status.Sites, changed = changedCount, failed = status.Failed, revisions = revisionsMade.Count, rollout = rolloutId, held,
        }));
        LogApplied(logger, commit[..12], status.Sites, status.Rendered, changedCount, revisionsMade.Count, status.Failed);
        return status;
    }

    /// <summary>
    /// Starts one rollout giving each changed site its own revision. Sites in it count as published (the rollout owns them
    /// now); sites no wave selects are reported and tried again at the next commit. Returns the rollout id, or why it waits.
    /// </summary>
    private async Task<(long? Rollout, string? Held)> StartRolloutAsync(string policy, List<FleetRevisionInfo> built, string actor,
        List<FleetRevisionInfo> revisionsMade, List<FleetProblem> errors, CancellationToken cancellationToken)
    {
        var targets = built.SelectMany(info => info.Sites.Select(site => (site, info.Revision))).ToDictionary(x => x.site, x => x.Revision, StringComparer.Ordinal);
        try
        {
            var started = await rollouts.StartTargetedAsync(new TargetedRolloutRequest(policy, targets), actor, cancellationToken);
            var inRollout = started.Sites.ToHashSet(StringComparer.Ordinal);
            foreach (var info in built)
            {
                var sites = info.Sites.Where(inRollout.Contains).ToList();
                if (sites.Count > 0)
                {
                    var given = info with { Sites = sites };
                    state.RecordPublished(given, actor);
                    revisionsMade.Add(given);
                }
            }

            errors.AddRange(started.NotInAnyWave.Select(id => FleetProblem.Of($"not rolled out: no wave of rollout policy '{policy}' selects this site", id)));
            LogRolloutStarted(logger, started.Id, policy, started.Sites.Count, built.Count);
            return (started.Id, null);
        }
        catch (HubException e) when (e.Status == 409)
        {
            _retry = true;
            return (null, $"waiting: {e.Message}; this commit's rollout starts then");
        }
        catch (HubException e)
        {
            errors.Add(FleetProblem.Of($"rollout not started: {e.Message}"));
            return (null, $"not rolled out: {e.Message}");
        }
    }

    private FleetStatus Finish(FleetStatus status)
    {
        status = status with { State = "idle" };
        _status = status;
        try
        {
            state.SaveStatus(status);
        }
        catch (Exception e)
        {
            // The status is a convenience for restarts; failing to keep it must not fail the sync.
            LogStatusNotSaved(logger, e);
        }

        return status;
    }

    private static FleetStatus Initial(FleetFollowerSettings settings, FleetStateStore state) =>
        (state.LoadStatus() ?? new FleetStatus()) with
        {
            Enabled = true,
            Repository = settings.Repository,
            Branch = settings.Branch,
            PollSeconds = settings.PollInterval.TotalSeconds,
            State = "starting",
        };

    [LoggerMessage(LogLevel.Warning, "Cannot read fleet repository {Repository} at {Branch}: {Error} ({Count} error(s))")]
    private static partial void LogUnreadable(ILogger logger, string repository, string branch, string error, int count);

    [LoggerMessage(LogLevel.Error, "Publishing the fleet revision for {Sites} at {Commit} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string sites, string commit);

    [LoggerMessage(LogLevel.Information, "Fleet commit {Commit}: {Sites} site(s), {Rendered} rendered, {Changed} changed in {Revisions} revision(s), {Failed} failed")]
    private static partial void LogApplied(ILogger logger, string commit, int sites, int rendered, int changed, int revisions, int failed);

    [LoggerMessage(LogLevel.Information, "Fleet rollout {Rollout} started with policy {Policy}: {Sites} site(s), {Revisions} revision(s)")]
    private static partial void LogRolloutStarted(ILogger logger, long rollout, string policy, int sites, int revisions);

    [LoggerMessage(LogLevel.Warning, "Could not save the fleet status")]
    private static partial void LogStatusNotSaved(ILogger logger, Exception exception);
}
