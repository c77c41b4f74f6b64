using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Outpost.Hub.Sessions;

/// <summary>The live agent sessions of this hub, one per site; a new session of a site replaces the old one.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, AgentConnection> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public IEnumerable<AgentConnection> All => _sessions.Values;

    public void Register(AgentConnection connection)
    {
        AgentConnection? previous = null;
        _sessions.AddOrUpdate(connection.SiteId, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        previous?.Close("replaced by a newer session of the same site");
    }

    public void Unregister(AgentConnection connection) =>
        _sessions.TryRemove(new KeyValuePair<string, AgentConnection>(connection.SiteId, connection));

    public bool TryGet(string siteId, [NotNullWhen(true)] out AgentConnection? connection) => _sessions.TryGetValue(siteId, out connection);

    public void Close(string siteId, string reason)
    {
        if (_sessions.TryGetValue(siteId, out var connection))
        {
            connection.Close(reason);
        }
    }
}
