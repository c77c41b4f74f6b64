using Microsoft.Extensions.Options;
using Outpost.Hub.Sessions;

namespace Outpost.Hub.Rollouts;

/// <summary>Whether a site has a live session now: the rollout updates only online sites and defers the others.</summary>
public sealed class RolloutPresence(SessionRegistry sessions, IOptions<HubOptions> options, TimeProvider time)
{
    /// <summary>Replaces the session check, for load harnesses whose simulated agents have no session.</summary>
    public Func<string, bool>? Override { get; set; }

    public bool IsOnline(string siteId) =>
        Override?.Invoke(siteId) ?? (sessions.TryGet(siteId, out var session) && time.GetUtcNow() - session.LastSeen <= options.Value.OfflineAfter);
}
