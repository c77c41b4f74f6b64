using System.Collections.Concurrent;

namespace Outpost.Hub.Sites;

/// <summary>Revoked site ids, in memory for the TLS and session checks, loaded from the database at start.</summary>
public sealed class RevocationList
{
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public RevocationList(SiteRepository sites)
    {
        foreach (var id in sites.RevokedIds())
        {
            _revoked[id] = true;
        }
    }

    public bool IsRevoked(string siteId) => _revoked.ContainsKey(siteId);

    public void Add(string siteId) => _revoked[siteId] = true;
}
