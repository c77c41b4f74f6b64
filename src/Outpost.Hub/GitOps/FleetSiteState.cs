namespace Outpost.Hub.GitOps;

/// <summary>What the follower last published to one site: content hash, commit and revision; <see cref="RemovedIn"/> once the site left the inventory.</summary>
public sealed record FleetSiteState(string Site, string ContentHash, string Commit, string Revision, DateTimeOffset UpdatedAt, string? RemovedIn);
