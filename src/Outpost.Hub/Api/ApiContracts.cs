namespace Outpost.Hub.Api;

/// <summary>POST /v1/sites body.</summary>
public sealed record AddSiteRequest(string Id, string? Region, Dictionary<string, string>? Labels, Dictionary<string, string>? Vars);

/// <summary>A join token for a site, with the one-line command a technician runs.</summary>
public sealed record JoinTokenResponse(string SiteId, string Token, DateTimeOffset ExpiresAt, string JoinCommand);

/// <summary>GET /v1/sites/{id}: a site and its recent events.</summary>
public sealed record SiteDetails(Sites.SiteRecord Site, IReadOnlyList<Events.HubEvent> Events);

/// <summary>POST /v1/blobs/missing body and answer.</summary>
public sealed record BlobList(IReadOnlyList<string> Digests);

/// <summary>POST /v1/revisions answer.</summary>
public sealed record RevisionCreated(string Revision);

/// <summary>POST /v1/publish body.</summary>
public sealed record PublishRequest(string Revision, IReadOnlyList<string>? Sites, string? Selector);

/// <summary>POST /v1/publish answer.</summary>
public sealed record PublishResponse(string Revision, IReadOnlyList<string> Sites);

/// <summary>The body of every error answer.</summary>
public sealed record ErrorResponse(string Error);
