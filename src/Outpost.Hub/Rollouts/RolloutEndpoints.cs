using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Api;
using Outpost.Hub.Events;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Rollouts;

/// <summary>Operator endpoints for rollout policies and rollouts.</summary>
internal static class RolloutEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/rollout-policies", (PolicyApplyRequest request, HttpContext http, PolicyStore policies, SiteRepository sites, EventLog events) =>
        {
            RolloutPolicy policy;
            try
            {
                policy = PolicyParser.Parse(request.Yaml, request.File);
                PolicyParser.CheckAgainst(policy, request.Yaml, request.File, sites.List().Where(s => s.RevokedAt is null).ToList());
            }
            catch (PolicyException e)
            {
                throw new HubException(400, e.Message);
            }

            var actor = OperatorAuthentication.Actor(http);
            policies.Save(policy, request.File, request.Yaml, actor);
            events.Record("rollout-policy-applied", actor, data: System.Text.Json.JsonSerializer.Serialize(new { policy = policy.Name, file = request.File }));
            return policies.List().First(p => p.Name == policy.Name);
        });

        api.MapGet("/rollout-policies", (PolicyStore policies) => policies.List());

        api.MapPost("/rollouts", async (RolloutStartRequest request, HttpContext http, RolloutController controller, RolloutReader reader) =>
        {
            var id = await controller.StartAsync(request, OperatorAuthentication.Actor(http), http.RequestAborted);
            return Results.Created($"/v1/rollouts/{id}", reader.View(id));
        });

        api.MapGet("/rollouts", (int? limit, RolloutReader reader) => reader.List(Math.Clamp(limit ?? 20, 1, 1000)));

        api.MapGet("/rollouts/{id}", (string id, RolloutReader reader) => id == "current" ? reader.Current() : reader.View(Id(id)));

        api.MapPost("/rollouts/{id}/{action}", async (string id, string action, HttpContext http, RolloutController controller, RolloutReader reader) =>
        {
            var rollout = id == "current" ? reader.Current().Id : Id(id);
            var actor = OperatorAuthentication.Actor(http);
            var task = action switch
            {
                "pause" => controller.PauseAsync(rollout, actor, http.RequestAborted),
                "resume" => controller.ResumeAsync(rollout, actor, http.RequestAborted),
                "approve" => controller.ApproveAsync(rollout, actor, http.RequestAborted),
                "rollback" => controller.RollbackAsync(rollout, actor, http.RequestAborted),
                _ => throw new HubException(404, $"unknown rollout action '{action}' (pause, resume, approve, rollback)"),
            };
            await task;
            return reader.View(rollout);
        });

        api.MapGet("/rollout-history/{site}", (string site, RolloutReader reader) => reader.History(site));
    }

    private static long Id(string text) => long.TryParse(text, out var id) ? id : throw new HubException(400, $"'{text}' is not a rollout id");
}
