using Microsoft.Extensions.Options;
using Outpost.Hub.Sessions;

namespace Outpost.Hub.Sites;

/// <summary>Overlays live session facts (online, last seen) on stored site records.</summary>
public sealed class SiteStatus(SiteRepository sites, SessionRegistry sessions, IOptions<HubOptions> options, TimeProvider time)
{
    public SiteRecord? Find(string id) => sites.Find(id) is { } site ? Overlay(site) : null;

    public IReadOnlyList<SiteRecord> List() => sites.List().Select(Overlay).ToList();

    private SiteRecord Overlay(SiteRecord site)
    {
        if (!sessions.TryGet(site.Id, out var session))
        {
            return site with { Online = false };
        }

        var online = time.GetUtcNow() - session.LastSeen <= options.Value.OfflineAfter;
        return site with { Online = online, LastSeen = session.LastSeen };
    }
}
