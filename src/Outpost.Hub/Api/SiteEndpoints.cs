using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Outpost.Hub.Enrollment;
using Outpost.Hub.Events;
using Outpost.Hub.Pki;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Protocol.Pki;

namespace Outpost.Hub.Api;

/// <summary>Operator endpoints for sites: add, list, show, new join token, revoke.</summary>
internal static class SiteEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sites", (SiteStatus status) => status.List());

        api.MapGet("/sites/{id}", (string id, SiteStatus status, EventLog events) =>
            status.Find(id) is { } site
                ? Results.Ok(new SiteDetails(site, events.List(id, 50)))
                : throw new HubException(404, $"site '{id}' does not exist"));

        api.MapPost("/sites", (AddSiteRequest request, HttpContext http, SiteRepository sites, JoinTokenService tokens, CertificateAuthority ca, EventLog events, HubUrl url, IOptions<HubOptions> options) =>
        {
            if (SiteId.Problem(request.Id) is { } problem)
            {
                throw new HubException(400, problem);
            }

            foreach (var key in (request.Labels?.Keys ?? Enumerable.Empty<string>()).Where(k => k is "region" or "site"))
            {
                throw new HubException(400, $"label '{key}' is reserved (it is set from the site itself)");
            }

            sites.Add(request.Id, request.Region ?? "", request.Labels ?? [], request.Vars ?? []);
            events.Record("site-added", OperatorAuthentication.Actor(http), request.Id);
            return Results.Created($"/v1/sites/{request.Id}", NewToken(request.Id, tokens, ca, url, options.Value));
        });

        api.MapPost("/sites/{id}/token", (string id, HttpContext http, SiteRepository sites, JoinTokenService tokens, CertificateAuthority ca, EventLog events, HubUrl url, IOptions<HubOptions> options) =>
        {
            var site = sites.Find(id) ?? throw new HubException(404, $"site '{id}' does not exist");
            if (site.RevokedAt is not null)
            {
                throw new HubException(409, $"site '{id}' is revoked");
            }

            events.Record("token-issued", OperatorAuthentication.Actor(http), id);
            return NewToken(id, tokens, ca, url, options.Value);
        });

        api.MapPost("/sites/{id}/revoke", (string id, HttpContext http, SiteRepository sites, RevocationList revocations, SessionRegistry sessions, EventLog events) =>
        {
            if (sites.Find(id) is null)
            {
                throw new HubException(404, $"site '{id}' does not exist");
            }

            sites.Revoke(id);
            revocations.Add(id);
            sessions.Close(id, "site revoked");
            events.Record("site-revoked", OperatorAuthentication.Actor(http), id);
            return Results.Ok(new { site = id, revoked = true });
        });
    }

    private static JoinTokenResponse NewToken(string siteId, JoinTokenService tokens, CertificateAuthority ca, HubUrl url, HubOptions options)
    {
        var token = tokens.Issue(siteId, CaPin.Of(ca.Certificate), options.JoinTokenLifetime);
        return new JoinTokenResponse(siteId, token.ToString(), url.Time.GetUtcNow().Add(options.JoinTokenLifetime),
            $"outpost agent join {url.Value} --token {token}");
    }
}
