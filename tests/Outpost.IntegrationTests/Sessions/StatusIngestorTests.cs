using System.Text.Json;
using Dapper;
using Outpost.Hub.Sessions;
using Outpost.Hub.Storage;
using Outpost.Protocol.Session;

namespace Outpost.IntegrationTests.Sessions;

public sealed class StatusIngestorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("outpost-ingest-").FullName;

    [Fact]
    public async Task A_burst_of_reports_from_many_sites_shares_a_few_commits_and_every_event_is_stored_once()
    {
        var database = new HubDatabase(_directory, deferCheckpoints: true);
        var sites = Enumerable.Range(0, 200).Select(i => $"lab-{i:D3}").ToList();
        using (var connection = database.Open())
        {
            foreach (var site in sites)
            {
                connection.Execute("INSERT INTO sites (id, created_at) VALUES (@site, '2026-11-24T00:00:00Z')", new { site });
            }
        }

        using var ingestor = new StatusIngestor(database, TimeProvider.System);
        var commits = 0;
        ingestor.Stored += _ => Interlocked.Increment(ref commits);
        await ingestor.StartAsync(CancellationToken.None);

        // One report, committed on its own, starts the burst; then every site reports at once, as after a fan-out.
        Assert.Equal(1, await ingestor.IngestAsync(sites[0], [Applied(1, "rev-a")], CancellationToken.None));
        var acks = await Task.WhenAll(sites.Select(site => ingestor.IngestAsync(site, [Applied(2, "rev-b")], CancellationToken.None)));
        // A replay of what is stored already (an outbox resent after a reconnect) is acknowledged and not stored again.
        Assert.Equal(2, await ingestor.IngestAsync(sites[0], [Applied(1, "rev-a"), Applied(2, "rev-b")], CancellationToken.None));
        await ingestor.StopAsync(CancellationToken.None);

        Assert.All(acks, ack => Assert.Equal(2, ack));
        Assert.InRange(commits, 2, 20); // not one commit per site
        using var check = database.Open();
        Assert.Equal(201, check.ExecuteScalar<int>("SELECT count(*) FROM events WHERE kind = 'applied'"));
        Assert.Equal(200, check.ExecuteScalar<int>("SELECT count(*) FROM sites WHERE applied_revision = 'rev-b' AND last_event_seq = 2 AND health = 'healthy'"));
    }

    private static StatusEvent Applied(long seq, string revision)
    {
        using var data = JsonDocument.Parse($$"""{"revision":"{{revision}}","healthy":true}""");
        return new StatusEvent(seq, "applied", DateTimeOffset.UtcNow, data.RootElement.Clone());
    }

    // No SqliteConnection.ClearAllPools() here: closing every pooled connection would close, and so checkpoint, the
    // databases of tests running beside this one. Linux deletes the files under the open handles.
    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
