using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outpost.Fleet;
using Outpost.Hub.Bundles;
using Outpost.Hub.Events;
using Outpost.Hub.Sites;

namespace Outpost.Hub.GitOps;

/// <summary>
/// One pass of following the fleet repository: read the branch head; when the commit is new, add missing sites, render
/// every site (reusing the previous commit's render), and give a new revision only to sites whose bundle changed.
/// Not thread-safe: <see cref="FleetFollower"/> runs it from one loop.
/// </summary>
public sealed partial class FleetSynchronizer(
    FleetFollowerSettings settings,
    FleetStateStore state,
    FleetSiteSync siteSync,
    FleetBundleBuilder builder,
    RevisionStore revisions,
    SiteRepository sites,
    IFleetRevisionPublisher publisher,
    EventLog events,
    TimeProvider time,
    ILogger<FleetSynchronizer> logger)
{
    private FleetRenderResult? _previous;
    private volatile FleetStatus _status = Initial(settings, state);

    public FleetStatus Status => _status;

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

        if (_previous is not null && fleet.CommitId == _previous.CommitId)
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

        // Sites with byte-identical bundles share one revision (and one publish).
        var revisionsMade = new List<FleetRevisionInfo>();
        var failedSites = new HashSet<string>(result.FailedSites, StringComparer.Ordinal);
        foreach (var group in changed.GroupBy(b => b.ContentHash, StringComparer.Ordinal))
        {
            var siteIds = group.Select(b => b.SiteId).ToList();
            try
            {
                var manifest = await builder.BuildAsync(group.First(), cancellationToken);
                var revision = revisions.Create(manifest);
                var info = new FleetRevisionInfo(revision.Digest, FleetRevisionInfo.NameOf(commit, group.Key), commit, group.Key, siteIds);
                await publisher.PublishAsync(info, actor, cancellationToken);
                state.RecordPublished(info, actor);
                revisionsMade.Add(info);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.AddRange(siteIds.Select(id => FleetProblem.Of($"not published: {e.Message}", id)));
                failedSites.UnionWith(siteIds);
                LogPublishFailed(logger, e, string.Join(", ", siteIds), commit);
            }
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
        };
        events.Record("fleet-sync", actor, data: JsonSerializer.Serialize(new { commit, sites = status.Sites, changed = changedCount, failed = status.Failed, revisions = revisionsMade.Count }));
        LogApplied(logger, commit[..12], status.Sites, status.Rendered, changedCount, revisionsMade.Count, status.Failed);
        return status;
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

    [LoggerMessage(LogLevel.Warning, "Could not save the fleet status")]
    private static partial void LogStatusNotSaved(ILogger logger, Exception exception);
}
