using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Api;
using Outpost.Hub.Events;
using Outpost.Hub.Pki;

namespace Outpost.Hub.Operators;

/// <summary>Operator endpoints for operators: list them, and (admins) add one with a role and site scope, remove one, or give one a new credential.</summary>
internal static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/operators", (OperatorStore operators) => operators.List());

        api.MapPost("/operators", (AddOperatorRequest request, HttpContext http, OperatorStore operators, CertificateAuthority ca, HubUrl url, EventLog events) =>
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || !request.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
            {
                throw new HubException(400, "an operator name is 1-64 letters, digits, '-', '_', '.' or '@'");
            }

            if (!OperatorRoles.All.Contains(request.Role))
            {
                throw new HubException(400, $"role '{request.Role}' does not exist (roles: {string.Join(", ", OperatorRoles.All)})");
            }

            if (request.Role == OperatorRoles.Tunnel)
            {
                if (string.IsNullOrWhiteSpace(request.Sites))
                {
                    throw new HubException(400, "role tunnel needs --sites SELECTOR (e.g. region=eu-central or site=lab-zurich-01)");
                }

                try
                {
                    Sites.LabelSelector.Parse(request.Sites);
                }
                catch (FormatException e)
                {
                    throw new HubException(400, e.Message);
                }
            }
            else if (request.Sites is not null)
            {
                throw new HubException(400, $"--sites applies to role tunnel only; role {request.Role} covers {(request.Role == OperatorRoles.Admin ? "every site" : "no tunnels")}");
            }

            if (operators.Exists(request.Name))
            {
                throw new HubException(409, $"operator '{request.Name}' exists already");
            }

            var token = operators.Create(request.Name, request.Role, request.Sites);
            events.Record("operator-added", OperatorAuthentication.Actor(http), data: System.Text.Json.JsonSerializer.Serialize(new { name = request.Name, role = request.Role, sites = request.Sites }));
            return Results.Created($"/v1/operators/{request.Name}", new OperatorConfig(url.Value, ca.CertificatePem, token, request.Name));
        });

        api.MapDelete("/operators/{name}", (string name, HttpContext http, OperatorStore operators, OperatorConnections connections, EventLog events) =>
        {
            switch (operators.Remove(name))
            {
                case OperatorRemoval.NotFound:
                    throw new HubException(404, $"operator '{name}' does not exist");
                case OperatorRemoval.LastAdmin:
                    throw new HubException(409, $"operator '{name}' is the last admin; add another admin before removing it");
            }

            var ended = connections.End(name);
            events.Record("operator-removed", OperatorAuthentication.Actor(http), data: System.Text.Json.JsonSerializer.Serialize(new { name, endedTunnelConnections = ended }));
            return Results.Ok(new OperatorRemoved(name, ended));
        });

        api.MapPost("/operators/{name}/rotate", (string name, HttpContext http, OperatorStore operators, OperatorConnections connections, CertificateAuthority ca, HubUrl url, EventLog events) =>
        {
            var token = operators.Rotate(name) ?? throw new HubException(404, $"operator '{name}' does not exist");
            // Tunnels opened with the old credential end with it.
            var ended = connections.End(name);
            events.Record("operator-rotated", OperatorAuthentication.Actor(http), data: System.Text.Json.JsonSerializer.Serialize(new { name, endedTunnelConnections = ended }));
            return Results.Ok(new OperatorConfig(url.Value, ca.CertificatePem, token, name));
        });
    }
}
