using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Sessions;

/// <summary>Closes sessions that have been silent too long and writes last-seen times in batches.</summary>
public sealed class SilenceMonitor(SessionRegistry registry, SiteRepository sites, IOptions<HubOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var offlineAfter = options.Value.OfflineAfter;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(offlineAfter.TotalMilliseconds / 3, 200, 5000));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            var seen = new List<KeyValuePair<string, DateTimeOffset>>();
            foreach (var session in registry.All)
            {
                if (now - session.LastSeen > offlineAfter)
                {
                    session.Close($"silent for more than {offlineAfter.TotalSeconds:0.#} s");
                }

                seen.Add(new(session.SiteId, session.LastSeen));
            }

            if (seen.Count > 0)
            {
                sites.TouchMany(seen);
            }
        }
    }
}
