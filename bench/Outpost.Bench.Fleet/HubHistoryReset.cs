using Dapper;
using Microsoft.Data.Sqlite;

namespace Outpost.Bench.Fleet;

/// <summary>
/// Empties the kept hub's history before a run (the event log, and revision assignments no site still holds), so that runs
/// compare: a 10,000-agent run adds about 100,000 events, and a publish's inserts slow down as those indexes grow (with
/// 1.9 million events the 10,000-site publish call took twice as long as with 50,000). Sites and identities stay.
/// </summary>
internal static class HubHistoryReset
{
    public static (long Events, long Assignments) Run(string hubDataDirectory)
    {
        var path = Path.Combine(hubDataDirectory, "hub.db");
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        var events = connection.Execute("DELETE FROM events");
        var assignments = connection.Execute("""
            DELETE FROM site_revisions WHERE revision NOT IN
                (SELECT desired_revision FROM sites WHERE desired_revision IS NOT NULL
                 UNION SELECT applied_revision FROM sites WHERE applied_revision IS NOT NULL)
            """);
        if (events + assignments > 0)
        {
            connection.Execute("VACUUM");
        }

        return (events, assignments);
    }
}
