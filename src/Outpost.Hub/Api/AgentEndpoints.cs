using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Enrollment;
using Outpost.Hub.Pki;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Protocol.Pki;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Api;

/// <summary>Endpoints agents call: enrolment (token, no certificate yet) and the session websocket (certificate).</summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Public by design: agents fetch it before any trust exists and check it against their token's pin.
        app.MapGet("/v1/ca", (CertificateAuthority ca) => Results.Text(ca.CertificatePem, "application/x-pem-file"));

        app.MapPost("/v1/enroll", (EnrollRequest request, JoinTokenService tokens, SiteRepository sites, RevocationList revocations, CertificateRenewal certificates, CertificateAuthority ca) =>
        {
            var siteId = tokens.Redeem(request.TokenId, request.Secret);
            if (revocations.IsRevoked(siteId))
            {
                throw new HubException(403, $"site '{siteId}' has been revoked");
            }

            var certificate = certificates.Issue(siteId, request.CsrPem, "enrolled");
            return new EnrollResponse(siteId, certificate, ca.CertificatePem, ca.SigningPublicKeyPem);
        });

        app.MapGet(ChannelNames.SessionPath, async (HttpContext http, RevocationList revocations, SiteRepository sites, SessionServices services) =>
        {
            var siteId = await SiteIdentity.RequireAsync(http, revocations, sites);
            if (!http.WebSockets.IsWebSocketRequest)
            {
                throw new HubException(400, "the session endpoint takes a websocket");
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
            var connection = new AgentConnection(siteId, services);
            try
            {
                await connection.RunAsync(socket, http.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or InvalidDataException or System.Text.Json.JsonException or HubException)
            {
                // The session ended (agent gone, revoked, silent or replaced); RunAsync has logged and cleaned up.
            }

            return Results.Empty;
        });
    }
}
