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
        // What the last tick wrote: ticks come several times per heartbeat, so most sessions have nothing new to write.
        var written = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            var seen = new List<KeyValuePair<string, DateTimeOffset>>();
            var current = new Dictionary<string, DateTimeOffset>(written.Count, StringComparer.Ordinal);
            foreach (var session in registry.All)
            {
                var lastSeen = session.LastHeardAsOf(now);
                if (now - lastSeen > offlineAfter)
                {
                    session.Close($"silent for more than {offlineAfter.TotalSeconds:0.#} s");
                }

                current[session.SiteId] = lastSeen;
                if (!written.TryGetValue(session.SiteId, out var was) || was != lastSeen)
                {
                    seen.Add(new(session.SiteId, lastSeen));
                }
            }

            if (seen.Count > 0)
            {
                sites.TouchMany(seen);
            }

            written = current;
        }
    }
}
