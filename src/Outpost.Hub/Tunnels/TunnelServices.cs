using Microsoft.Extensions.Logging;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Tunnels;

/// <summary>What operator tunnel sessions need, gathered once.</summary>
public sealed class TunnelServices(TunnelAccess access, TunnelAudit audit, SessionRegistry sessions, SiteRepository sites, TimeProvider time, ILogger<OperatorTunnelSession> logger)
{
    public TunnelAccess Access { get; } = access;
    public TunnelAudit Audit { get; } = audit;
    public SessionRegistry Sessions { get; } = sessions;
    public SiteRepository Sites { get; } = sites;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;
}
