using Microsoft.Data.Sqlite;

namespace Outpost.Hub.Sessions;

/// <summary>
/// The statements one batch of status events runs, each prepared once and re-bound per event: after a fan-out, ten
/// thousand "applied" events arrive within seconds, and parsing the same SQL for every one of them was most of the cost.
/// </summary>
internal sealed class StatusBatchCommands : IDisposable
{
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _applied;
    private readonly SqliteCommand _rolledBack;
    private readonly SqliteCommand _failed;
    private readonly SqliteCommand _seen;

    public StatusBatchCommands(SqliteConnection connection, SqliteTransaction tx)
    {
        _insertEvent = Command(connection, tx,
            "INSERT OR IGNORE INTO events (at, site_id, agent_seq, kind, actor, data) VALUES ($at, $site, $seq, $kind, $actor, $data)",
            "$at", "$site", "$seq", "$kind", "$actor", "$data");
        _applied = Command(connection, tx, "UPDATE sites SET applied_revision = $revision, health = $health WHERE id = $site", "$revision", "$health", "$site");
        _rolledBack = Command(connection, tx, "UPDATE sites SET applied_revision = $revision, health = 'rolled-back' WHERE id = $site", "$revision", "$site");
        _failed = Command(connection, tx, "UPDATE sites SET health = 'failed' WHERE id = $site", "$site");
        _seen = Command(connection, tx, "UPDATE sites SET last_event_seq = $seq, last_seen = $now WHERE id = $site AND last_event_seq < $seq", "$seq", "$now", "$site");
    }

    public void InsertEvent(string at, string siteId, long seq, string kind, string actor, string data) =>
        Run(_insertEvent, at, siteId, seq, kind, actor, data);

    public void Applied(string siteId, string? revision, bool healthy) => Run(_applied, revision, healthy ? "healthy" : "unhealthy", siteId);

    public void RolledBack(string siteId, string? revision) => Run(_rolledBack, revision, siteId);

    public void Failed(string siteId) => Run(_failed, siteId);

    public void Seen(string siteId, long seq, string now) => Run(_seen, seq, now, siteId);

    public void Dispose()
    {
        _insertEvent.Dispose();
        _applied.Dispose();
        _rolledBack.Dispose();
        _failed.Dispose();
        _seen.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
