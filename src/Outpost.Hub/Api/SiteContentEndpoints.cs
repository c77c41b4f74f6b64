using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Bundles;
using Outpost.Hub.Sites;
using Outpost.Protocol.Bundles;

namespace Outpost.Hub.Api;

/// <summary>
/// A site's manifests and blobs at OCI distribution paths (/v2/sites/SITE/...), so oras or Flux can pull them
/// with the site's client certificate. A site reads only its own repository and only content assigned to it.
/// </summary>
internal static class SiteContentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/", () => Results.Ok(new { }));

        app.MapGet("/v2/sites/{site}/manifests/{reference}", async (string site, string reference, HttpContext http, RevocationList revocations, SiteRepository sites, RevisionStore revisions) =>
        {
            var caller = await RequireSameSiteAsync(site, http, revocations, sites);
            var digest = reference == "latest" ? sites.Find(caller)?.DesiredRevision : reference;
            if (digest is null || !ContentDigest.IsValid(digest) || !revisions.SiteMayReadRevision(caller, digest) || revisions.Get(digest) is not { } signed)
            {
                return NotFound(reference);
            }

            http.Response.Headers["Docker-Content-Digest"] = digest;
            http.Response.Headers["X-Outpost-Signature"] = signed.Signature;
            return Results.Bytes(signed.Manifest, BundleManifest.OciManifestMediaType);
        });

        app.MapGet("/v2/sites/{site}/blobs/{digest}", async (string site, string digest, HttpContext http, RevocationList revocations, SiteRepository sites, RevisionStore revisions, BlobStore blobs) =>
        {
            var caller = await RequireSameSiteAsync(site, http, revocations, sites);
            if (!ContentDigest.IsValid(digest) || !revisions.SiteMayReadBlob(caller, digest) || !blobs.Has(digest))
            {
                return NotFound(digest);
            }

            http.Response.Headers["Docker-Content-Digest"] = digest;
            return Results.Stream(blobs.OpenRead(digest), "application/octet-stream");
        });
    }

    private static async Task<string> RequireSameSiteAsync(string site, HttpContext http, RevocationList revocations, SiteRepository sites)
    {
        var caller = await SiteIdentity.RequireAsync(http, revocations, sites);
        if (caller != site)
        {
            throw new HubException(403, $"site '{caller}' may not read site '{site}'");
        }

        return caller;
    }

    // Unknown and not-yours look the same from outside: nothing about other content leaks.
    private static IResult NotFound(string what) => Results.Json(new ErrorResponse($"{what} is not available to this site"), statusCode: 404);
}
