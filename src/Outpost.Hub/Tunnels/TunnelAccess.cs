using System.Collections.Concurrent;
using Outpost.Hub.Bundles;
using Outpost.Hub.Operators;
using Outpost.Hub.Sites;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Tunnels;

namespace Outpost.Hub.Tunnels;

/// <summary>
/// The hub's checks before a stream: may this operator reach this site at all (role and site scope), and does the site's
/// applied bundle allow the target. The second is only an early, friendly refusal; the agent checks again and decides.
/// </summary>
public sealed class TunnelAccess(SiteRepository sites, RevisionStore revisions, BlobStore blobs)
{
    private readonly ConcurrentDictionary<string, TunnelAllowList> _byRevision = new(StringComparer.Ordinal);

    /// <summary>Throws 404 for an unknown site and 403 when the operator's role does not cover it.</summary>
    public SiteRecord RequireSite(OperatorRecord op, string siteId)
    {
        var site = sites.Find(siteId);
        // Same answer for "absent" and "not yours": a scoped operator learns nothing about sites outside its scope.
        if (site is null || !OperatorRoles.MayTunnel(op, site.SelectableLabels()))
        {
            throw site is null || op.Role == OperatorRoles.Tunnel
                ? new HubException(site is null ? 404 : 403, $"operator '{op.Name}' may not open tunnels to site '{siteId}' (it does not exist or is outside the operator's sites)")
                : new HubException(403, $"operator '{op.Name}' has role {op.Role}, which may not open tunnels (roles admin or tunnel may)");
        }

        if (site.RevokedAt is not null)
        {
            throw new HubException(409, $"site '{siteId}' is revoked");
        }

        return site;
    }

    /// <summary>Why the site's applied bundle refuses the target, or null when it allows it.</summary>
    public string? PolicyProblem(SiteRecord site, TunnelTarget target)
    {
        var allow = AllowListOf(site.AppliedRevision);
        return allow.Allows(target)
            ? null
            : allow.Patterns.Count == 0
                ? $"site '{site.Id}' allows no tunnel targets: its applied bundle has no tunnel.allow list"
                : $"{target} is not in site '{site.Id}''s tunnel allow-list ({string.Join(", ", allow.Patterns)})";
    }

    private TunnelAllowList AllowListOf(string? revision)
    {
        if (revision is null)
        {
            return TunnelAllowList.Empty;
        }

        if (_byRevision.TryGetValue(revision, out var cached))
        {
            return cached;
        }

        var list = TunnelAllowList.Empty;
        if (revisions.Get(revision) is { } signed)
        {
            var manifest = BundleManifest.Parse(signed.Manifest);
            if (blobs.Has(manifest.Config.Digest))
            {
                using var stream = blobs.OpenRead(manifest.Config.Digest);
                list = TunnelAllowList.Of(BundleConfigSerializer.Parse(stream).Tunnel);
            }
        }

        // Revisions are immutable, so a revision's list never changes.
        return _byRevision.GetOrAdd(revision, list);
    }
}
