using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Rollouts;

namespace Outpost.Hub.GitOps;

/// <summary>Follows the fleet branch: syncs at start, every poll interval, and whenever a refresh is asked for (operator or webhook).</summary>
public sealed partial class FleetFollower(FleetFollowerSettings settings, FleetSynchronizer synchronizer, RolloutController rollouts, TimeProvider time, ILogger<FleetFollower> logger)
    : BackgroundService
{
    private readonly Channel<TaskCompletionSource<FleetStatus>> _requests = Channel.CreateUnbounded<TaskCompletionSource<FleetStatus>>();

    public FleetStatus Status => synchronizer.Status;

    /// <summary>Asks for a sync now and waits for one that started after the request.</summary>
    public async Task<FleetStatus> RefreshAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<FleetStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Writer.TryWrite(done);
        return await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks for a sync without waiting (webhooks must answer quickly).</summary>
    public void RequestRefresh() => _requests.Writer.TryWrite(new TaskCompletionSource<FleetStatus>(TaskCreationOptions.RunContinuationsAsynchronously));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the hub finish starting; the first sync may clone a repository.
        await Task.Yield();
        LogFollowing(logger, settings.Repository!, settings.Branch, settings.PollInterval.TotalSeconds);
        rollouts.Finished += OnRolloutFinished;
        try
        {
            await FollowAsync(stoppingToken);
        }
        finally
        {
            rollouts.Finished -= OnRolloutFinished;
        }
    }

    /// <summary>A commit whose rollout waited for another one goes as soon as that one is finished, not at the next poll.</summary>
    private void OnRolloutFinished(long rollout)
    {
        if (synchronizer.WaitsForRollout)
        {
            RequestRefresh();
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        Task<bool>? requestArrived = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Requests that arrive during this sync are answered by the next one, which surely saw their commit.
            var waiting = new List<TaskCompletionSource<FleetStatus>>();
            while (_requests.Reader.TryRead(out var request))
            {
                waiting.Add(request);
            }

            try
            {
                var status = await synchronizer.SyncAsync(stoppingToken);
                waiting.ForEach(w => w.TrySetResult(status));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                waiting.ForEach(w => w.TrySetCanceled(stoppingToken));
                return;
            }
            catch (Exception e)
            {
                // A database or disk failure: report it to whoever waits and try again at the next poll.
                LogSyncFailed(logger, e);
                waiting.ForEach(w => w.TrySetException(new HubException(500, $"fleet sync failed: {e.Message}")));
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var poll = Task.Delay(settings.PollInterval, time, wake.Token);
            requestArrived ??= _requests.Reader.WaitToReadAsync(stoppingToken).AsTask();
            await Task.WhenAny(poll, requestArrived);
            if (requestArrived.IsCompleted)
            {
                requestArrived = null;
            }

            await wake.CancelAsync();
            await poll.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    [LoggerMessage(LogLevel.Information, "Following fleet repository {Repository} branch {Branch}, polling every {Seconds} s")]
    private static partial void LogFollowing(ILogger logger, string repository, string branch, double seconds);

    [LoggerMessage(LogLevel.Error, "Fleet sync failed; retrying at the next poll")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
