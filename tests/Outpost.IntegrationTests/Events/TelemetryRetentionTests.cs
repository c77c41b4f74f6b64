using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outpost.Hub;
using Outpost.Hub.Events;
using Outpost.Hub.Storage;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Events;

public sealed class TelemetryRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string _directory = Directory.CreateTempSubdirectory("outpost-retention-").FullName;

    [Fact]
    public void Old_site_telemetry_goes_and_operator_and_rollout_actions_and_recent_reports_stay()
    {
        var database = new HubDatabase(_directory);
        var fortyDaysAgo = new AdjustableClock();
        fortyDaysAgo.Advance(-TimeSpan.FromDays(40));
        var log = new EventLog(database, fortyDaysAgo);
        // Forty days ago: a connect, a report (stamped by an agent whose clock runs a year fast), a disconnect, operator actions.
        log.Record("connected", "site:lab-a", "lab-a");
        Report("lab-a", seq: 1, at: Now + TimeSpan.FromDays(365));
        log.Record("disconnected", "hub", "lab-a");
        log.Record("desired-set", "operator:admin", "lab-a");
        log.Record("rollout-wave-started", "hub");
        // Today: the same kinds again.
        var today = new EventLog(database, TimeProvider.System);
        today.Record("connected", "site:lab-a", "lab-a");
        Report("lab-a", seq: 2, at: Now);

        var pruned = Retention(database).Prune(Now - TimeSpan.FromDays(30));

        Assert.Equal(3, pruned);
        using var connection = database.Open();
        var left = connection.Query<(string Kind, long? Seq)>("SELECT kind, agent_seq FROM events ORDER BY id").ToList();
        Assert.Equal([("desired-set", null), ("rollout-wave-started", null), ("connected", null), ("applied", 2L)], left);
        Assert.Equal(0, Retention(database).Prune(Now - TimeSpan.FromDays(30)));
    }

    [Fact]
    public void Without_a_hub_stamped_row_older_than_the_cutoff_nothing_is_pruned()
    {
        var database = new HubDatabase(_directory);
        Report("lab-b", seq: 1, at: Now - TimeSpan.FromDays(400)); // an agent whose clock runs a year slow

        Assert.Equal(0, Retention(database).Prune(Now - TimeSpan.FromDays(30)));
    }

    private void Report(string site, long seq, DateTimeOffset at)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "hub.db")}");
        connection.Open();
        connection.Execute("INSERT INTO events (at, site_id, agent_seq, kind, actor, data) VALUES (@at, @site, @seq, 'applied', @actor, '{}')",
            new { at = at.ToString("O"), site, seq, actor = $"site:{site}" });
    }

    private static TelemetryRetention Retention(HubDatabase database) =>
        new(database, Options.Create(new HubOptions { TelemetryRetention = TimeSpan.FromDays(30) }), TimeProvider.System, NullLogger<TelemetryRetention>.Instance);

    // No SqliteConnection.ClearAllPools() here: closing every pooled connection would close, and so checkpoint, the
    // databases of tests running beside this one. Linux deletes the files under the open handles.
    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
