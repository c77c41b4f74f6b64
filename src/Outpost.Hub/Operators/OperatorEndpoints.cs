using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Api;
using Outpost.Hub.Events;
using Outpost.Hub.Pki;

namespace Outpost.Hub.Operators;

/// <summary>Operator endpoints for operators: list them, and (admins) add one with a role and site scope, change its role, remove one, or give one a new credential.</summary>
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

            CheckRoleAndSites(request.Role, request.Sites);
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
                case OperatorUpdate.NotFound:
                    throw new HubException(404, $"operator '{name}' does not exist");
                case OperatorUpdate.LastAdmin:
                    throw new HubException(409, $"operator '{name}' is the last admin; add another admin before removing it");
            }

            var ended = connections.End(name);
            events.Record("operator-removed", OperatorAuthentication.Actor(http), data: System.Text.Json.JsonSerializer.Serialize(new { name, endedTunnelConnections = ended }));
            return Results.Ok(new OperatorRemoved(name, ended));
        });

        api.MapPut("/operators/{name}", (string name, ChangeOperatorRequest request, HttpContext http, OperatorStore operators, OperatorConnections connections, EventLog events) =>
        {
            CheckRoleAndSites(request.Role, request.Sites);
            switch (operators.Change(name, request.Role, request.Sites))
            {
                case OperatorUpdate.NotFound:
                    throw new HubException(404, $"operator '{name}' does not exist");
                case OperatorUpdate.LastAdmin:
                    throw new HubException(409, $"operator '{name}' is the last admin; make another operator admin first");
            }

            // Tunnels were authorised under the old role: they end, and new ones are checked against the new one.
            var ended = connections.End(name);
            events.Record("operator-changed", OperatorAuthentication.Actor(http), data: System.Text.Json.JsonSerializer.Serialize(new { name, role = request.Role, sites = request.Sites, endedTunnelConnections = ended }));
            return Results.Ok(new OperatorChanged(name, request.Role, request.Sites, ended));
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

    /// <summary>Refuses a role that does not exist, a tunnel role without a valid selector, and a selector on any other role.</summary>
    private static void CheckRoleAndSites(string role, string? sites)
    {
        if (!OperatorRoles.All.Contains(role))
        {
            throw new HubException(400, $"role '{role}' does not exist (roles: {string.Join(", ", OperatorRoles.All)})");
        }

        if (role == OperatorRoles.Tunnel)
        {
            if (string.IsNullOrWhiteSpace(sites))
            {
                throw new HubException(400, "role tunnel needs --sites SELECTOR (e.g. region=eu-central or site=lab-zurich-01)");
            }

            try
            {
                Sites.LabelSelector.Parse(sites);
            }
            catch (FormatException e)
            {
                throw new HubException(400, e.Message);
            }
        }
        else if (sites is not null)
        {
            throw new HubException(400, $"--sites applies to role tunnel only; role {role} covers {(role == OperatorRoles.Admin ? "every site" : "no tunnels")}");
        }
    }
}
