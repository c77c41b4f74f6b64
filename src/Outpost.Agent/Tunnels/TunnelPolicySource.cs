using Outpost.Agent.Releases;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Tunnels;

namespace Outpost.Agent.Tunnels;

/// <summary>The site's tunnel allow-list, read from the release that is current right now (empty when there is none).</summary>
public sealed class TunnelPolicySource(ReleaseStore releases, BlobCache blobs)
{
    private readonly Lock _gate = new();
    private (string? Revision, TunnelAllowList List) _cached = (null, TunnelAllowList.Empty);

    public TunnelAllowList Current()
    {
        var revision = releases.CurrentRevision;
        lock (_gate)
        {
            if (revision is not null && revision == _cached.Revision)
            {
                return _cached.List;
            }
        }

        var list = Load(revision);
        lock (_gate)
        {
            _cached = (revision, list);
        }

        return list;
    }

    private TunnelAllowList Load(string? revision)
    {
        if (revision is null || releases.ManifestOf(revision) is not { } manifest || !blobs.Has(manifest.Config.Digest))
        {
            return TunnelAllowList.Empty;
        }

        using var stream = blobs.OpenRead(manifest.Config.Digest);
        return TunnelAllowList.Of(BundleConfigSerializer.Parse(stream).Tunnel);
    }
}
