using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Outpost.Hub.Api;
using Outpost.Hub.Events;

namespace Outpost.Hub.GitOps;

/// <summary>Fleet endpoints: status and refresh for operators, and a webhook that Git servers call with a shared secret.</summary>
internal static class FleetEndpoints
{
    public const string SecretHeader = "X-Outpost-Fleet-Secret";
    public const string SignatureHeader = "X-Hub-Signature-256";

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapGet("/fleet/status", (FleetFollowerSettings settings, IServiceProvider services) =>
            services.GetService<FleetFollower>()?.Status ?? new FleetStatus { Enabled = false, State = "disabled" });

        api.MapPost("/fleet/refresh", async (HttpContext http, IServiceProvider services, EventLog events) =>
        {
            var follower = Follower(services);
            events.Record("fleet-refresh", OperatorAuthentication.Actor(http));
            return await follower.RefreshAsync(http.RequestAborted);
        });

        // Outside the operator group: a Git server has no operator token, it proves itself with the shared secret.
        app.MapPost("/v1/fleet/hook", async (HttpContext http, FleetFollowerSettings settings, IServiceProvider services, EventLog events) =>
        {
            var follower = Follower(services);
            if (settings.WebhookSecret is not { } secret)
            {
                throw new HubException(404, "the fleet webhook is off (set fleet.webhook-secret / --fleet-webhook-secret)");
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (!Authentic(http.Request.Headers, buffer.ToArray(), secret))
            {
                throw new HubException(401, $"the webhook call lacks a valid {SignatureHeader} or {SecretHeader} header");
            }

            events.Record("fleet-refresh", "webhook");
            follower.RequestRefresh();
            return Results.Accepted("/v1/fleet/status", new { accepted = true });
        });
    }

    private static FleetFollower Follower(IServiceProvider services) =>
        services.GetService<FleetFollower>() ?? throw new HubException(404, "this hub follows no fleet repository (start it with --fleet-repo)");

    /// <summary>GitHub/Gitea/Forgejo sign the body (HMAC-SHA256); a plain shared-secret header suits GitLab and scripts.</summary>
    private static bool Authentic(IHeaderDictionary headers, byte[] body, string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        if (headers[SignatureHeader].ToString() is { Length: > 0 } signature)
        {
            var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()));
        }

        var given = headers[SecretHeader].ToString();
        if (given.Length == 0)
        {
            given = headers["X-Gitlab-Token"].ToString();
        }

        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(key), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }
}
