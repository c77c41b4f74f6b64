using System.Net;

namespace Outpost.Fleet;

/// <summary>How a fleet repository is found and fetched: subfolder, clone cache and credentials for remote URLs.</summary>
public sealed class FleetRepositoryOptions
{
    /// <summary>Folder inside the Git repository holding fleet.yaml; for a local path inside a work tree it is found automatically.</summary>
    public string? Subdirectory { get; init; }

    /// <summary>Where remote repositories are cloned (bare) and later fetched; defaults to OUTPOST_FLEET_CACHE or the user's local app data.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Credentials for HTTPS remotes; null for anonymous access.</summary>
    public NetworkCredential? Credentials { get; init; }

    /// <summary>When false, a remote is not fetched if the cache already has a clone (for offline or repeated reads).</summary>
    public bool Fetch { get; init; } = true;
}
