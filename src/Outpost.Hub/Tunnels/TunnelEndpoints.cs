using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Outpost.Hub.Api;
using Outpost.Hub.Events;
using Outpost.Hub.Operators;
using Outpost.Protocol.Tunnels;

namespace Outpost.Hub.Tunnels;

/// <summary>Operator endpoints for tunnels: a pre-flight check, the tunnel websocket per site, and the stream audit log.</summary>
internal static class TunnelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        // Lets the CLI refuse clearly before it listens: HTTP bodies carry reasons, a refused websocket upgrade does not.
        api.MapGet("/sites/{id}/tunnel/check", (string id, string[]? target, HttpContext http, TunnelAccess access, EventLog events) =>
        {
            var site = Require(id, http, access, events);
            foreach (var text in target ?? [])
            {
                var parsed = TunnelTarget.TryParse(text, out var problem) ?? throw new HubException(400, problem!);
                if (access.PolicyProblem(site, parsed) is { } refusal)
                {
                    throw new HubException(403, refusal);
                }
            }

            return Results.Ok(new { site = id, targets = target ?? [] });
        });

        api.MapGet("/sites/{id}/tunnel", async (string id, HttpContext http, TunnelAccess access, EventLog events, TunnelServices services, OperatorConnections connections, IHostApplicationLifetime lifetime) =>
        {
            Require(id, http, access, events);
            if (!http.WebSockets.IsWebSocketRequest)
            {
                throw new HubException(400, "the tunnel endpoint takes a websocket");
            }

            var op = OperatorAuthentication.Operator(http);
            using var registration = connections.Register(op.Name);
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping, registration.Token);
            try
            {
                await new OperatorTunnelSession(op, id, services).RunAsync(socket, ending.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException)
            {
                // the operator went away; each stream has written its own audit row
            }

            return Results.Empty;
        });

        api.MapGet("/tunnels/streams", (string? site, int? limit, TunnelAudit audit) => audit.List(site, Math.Clamp(limit ?? 100, 1, 10_000)));
    }

    private static Sites.SiteRecord Require(string id, HttpContext http, TunnelAccess access, EventLog events)
    {
        try
        {
            return access.RequireSite(OperatorAuthentication.Operator(http), id);
        }
        catch (HubException e) when (e.Status == 403)
        {
            events.Record("tunnel-denied", OperatorAuthentication.Actor(http), null, System.Text.Json.JsonSerializer.Serialize(new { site = id, reason = e.Message }));
            throw;
        }
    }
}
