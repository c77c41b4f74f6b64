using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Hub.Storage;

namespace Outpost.IntegrationTests.Storage;

public sealed class WalCheckpointerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("outpost-wal-").FullName;

    [Fact]
    public void Commits_leave_the_database_file_alone_until_the_log_is_quiet_then_one_tick_writes_them_back()
    {
        var database = new HubDatabase(_directory, deferCheckpoints: true);
        var checkpointer = new WalCheckpointer(database, TimeProvider.System, NullLogger<WalCheckpointer>.Instance);
        checkpointer.Tick();
        Assert.True(checkpointer.Tick()); // the schema, written back once the log was quiet for a tick

        // About 8 MiB of events: past SQLite's own threshold (1,000 pages), where a commit would have checkpointed itself.
        WriteEvents(database, 2000, "first");
        Assert.Equal(0, CountInDatabaseFileAlone("first"));

        Assert.False(checkpointer.Tick()); // the log just changed: writes may still be coming
        Assert.Equal(0, CountInDatabaseFileAlone("first"));

        Assert.True(checkpointer.Tick()); // unchanged over one interval: written back
        Assert.Equal(2000, CountInDatabaseFileAlone("first"));
        Assert.False(checkpointer.Tick()); // nothing new since
    }

    [Fact]
    public void Without_deferral_a_large_commit_checkpoints_as_sqlite_does_by_default()
    {
        var database = new HubDatabase(_directory);

        WriteEvents(database, 2000, "eager");

        Assert.Equal(2000, CountInDatabaseFileAlone("eager"));
    }

    [Fact]
    public void A_checkpointed_log_keeps_its_file_for_the_next_writes_until_a_long_quiet_cuts_it_to_nothing()
    {
        var database = new HubDatabase(_directory, deferCheckpoints: true);
        var checkpointer = new WalCheckpointer(database, TimeProvider.System, NullLogger<WalCheckpointer>.Instance);
        WriteEvents(database, 2000, "burst");
        checkpointer.Tick();
        Assert.True(checkpointer.Tick()); // written back
        var log = new FileInfo(Path.Combine(_directory, "hub.db-wal"));
        var length = log.Length;
        Assert.True(length > 8_000_000, $"log of {length} bytes");

        // The next write starts the log again from its beginning, over the blocks it has: the file does not shrink.
        WriteEvents(database, 1, "after");
        log.Refresh();
        Assert.Equal(length, log.Length);
        checkpointer.Tick();
        Assert.True(checkpointer.Tick()); // the first quiet tick

        for (var i = 2; i < WalCheckpointer.TruncateAfterQuietTicks; i++)
        {
            Assert.False(checkpointer.Tick());
        }

        log.Refresh();
        Assert.Equal(length, log.Length);
        Assert.True(checkpointer.Tick()); // quiet for long enough: cut
        log.Refresh();
        Assert.Equal(0, log.Length);
        Assert.Equal(2000, CountInDatabaseFileAlone("burst"));
        Assert.Equal(1, CountInDatabaseFileAlone("after"));
        Assert.False(checkpointer.Tick());
    }

    private static void WriteEvents(HubDatabase database, int count, string kind)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        var data = new string('x', 4000);
        for (var i = 0; i < count; i++)
        {
            connection.Execute("INSERT INTO events (at, kind, actor, data) VALUES ('2026-11-24T00:00:00Z', @kind, 'test', @data)", new { kind, data }, tx);
        }

        tx.Commit();
    }

    /// <summary>Rows of that kind in a copy of hub.db without its log: what has been checkpointed.</summary>
    private int CountInDatabaseFileAlone(string kind)
    {
        var copy = Path.Combine(_directory, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(_directory, "hub.db"), copy);
        using var connection = new SqliteConnection($"Data Source={copy};Pooling=false");
        connection.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM events WHERE kind = @kind", new { kind });
    }

    // No SqliteConnection.ClearAllPools() here: closing every pooled connection would close, and so checkpoint, the
    // databases of tests running beside this one. Linux deletes the files under the open handles.
    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
