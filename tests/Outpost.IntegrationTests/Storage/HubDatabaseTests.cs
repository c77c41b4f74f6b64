using Dapper;
using Outpost.Hub.Storage;

namespace Outpost.IntegrationTests.Storage;

public sealed class HubDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("outpost-hubdb-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_connection_waits_for_a_busy_write_lock_in_sqlites_own_handler(bool deferCheckpoints)
    {
        var database = new HubDatabase(_directory, deferCheckpoints: deferCheckpoints);
        using var connection = database.Open();

        // Without it Microsoft.Data.Sqlite sleeps 150 ms before each retry, which is what a publish meeting the status
        // ingestor's commit used to wait; the busy handler looks again after a few milliseconds.
        Assert.Equal(30_000, connection.ExecuteScalar<int>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task A_writer_that_meets_an_open_write_transaction_goes_on_once_it_commits()
    {
        var database = new HubDatabase(_directory, deferCheckpoints: true);
        using var holder = database.Open();
        using var tx = holder.BeginTransaction();
        holder.Execute("INSERT INTO events (at, kind, actor) VALUES ('2026-11-25T00:00:00Z', 'first', 'test')", transaction: tx);

        var second = Task.Run(() =>
        {
            using var connection = database.Open();
            return connection.Execute("INSERT INTO events (at, kind, actor) VALUES ('2026-11-25T00:00:01Z', 'second', 'test')");
        });
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(second.IsCompleted); // held back by the open transaction, not failed
        tx.Commit();

        Assert.Equal(1, await second);
        using var reader = database.Open();
        Assert.Equal(["first", "second"], reader.Query<string>("SELECT kind FROM events WHERE actor = 'test' ORDER BY at"));
    }

    // No SqliteConnection.ClearAllPools() here: closing every pooled connection would close the databases of tests
    // running beside this one. Linux deletes the files under the open handles.
    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
