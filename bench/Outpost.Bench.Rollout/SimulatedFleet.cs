using System.Collections.Concurrent;
using System.Text.Json;
using Outpost.Hub.Sessions;
using Outpost.Protocol.Session;

namespace Outpost.Bench.Rollout;

/// <summary>Stands in for N agents: each dispatched site answers "applied, healthy" through the hub's real status ingestor.</summary>
internal sealed class SimulatedFleet(StatusIngestor ingestor, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _seq = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _reports = [];

    public int Reported => _reports.Count;

    public void OnDispatched(string revision, IReadOnlyList<string> sites)
    {
        var data = JsonSerializer.SerializeToElement(new { revision, healthy = true, checks = Array.Empty<object>() });
        foreach (var site in sites)
        {
            var seq = _seq.AddOrUpdate(site, 1, (_, s) => s + 1);
            _reports.Add(ingestor.IngestAsync(site, [new StatusEvent(seq, "applied", time.GetUtcNow(), data)], CancellationToken.None));
        }
    }

    public Task AllStored() => Task.WhenAll(_reports);
}
