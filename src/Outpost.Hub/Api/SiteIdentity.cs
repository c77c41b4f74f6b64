using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Api;

/// <summary>The site a request comes from, known only by its client certificate (already chain-checked by Kestrel).</summary>
internal static class SiteIdentity
{
    public static async Task<string> RequireAsync(HttpContext context, RevocationList revocations, SiteRepository sites)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted)
            ?? throw new HubException(401, "a site client certificate is required");
        var siteId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (revocations.IsRevoked(siteId))
        {
            throw new HubException(403, $"site '{siteId}' has been revoked; its certificate is refused");
        }

        if (sites.Find(siteId) is null)
        {
            throw new HubException(403, $"site '{siteId}' is not known to this hub");
        }

        return siteId;
    }
}
