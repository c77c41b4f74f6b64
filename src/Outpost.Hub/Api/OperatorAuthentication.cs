using Microsoft.AspNetCore.Http;
using Outpost.Hub.Operators;

namespace Outpost.Hub.Api;

/// <summary>
/// Endpoint filter: operator endpoints need a valid bearer token; the operator's name goes in the audit log. Only admins
/// may change anything: other roles are held to GET (reads, and the tunnel endpoints, which check their own scope).
/// </summary>
internal sealed class OperatorAuthentication(OperatorStore operators) : IEndpointFilter
{
    public const string ActorKey = "outpost.actor";
    public const string OperatorKey = "outpost.operator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Results.Json(new ErrorResponse("an operator credential is required (see operator.json)"), statusCode: 401);
        }

        var op = operators.Identify(header["Bearer ".Length..].Trim());
        if (op is null)
        {
            return Results.Json(new ErrorResponse("this hub does not accept this operator credential: it was removed or rotated, or belongs to another hub"), statusCode: 401);
        }

        if (!op.IsAdmin && !HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            return Results.Json(new ErrorResponse($"operator '{op.Name}' has role {op.Role}, which may not change the fleet (admin only)"), statusCode: 403);
        }

        context.HttpContext.Items[ActorKey] = $"operator:{op.Name}";
        context.HttpContext.Items[OperatorKey] = op;
        return await next(context);
    }

    public static string Actor(HttpContext context) => context.Items[ActorKey] as string ?? "operator";

    /// <summary>The authenticated operator of this request (set by the filter).</summary>
    public static OperatorRecord Operator(HttpContext context) =>
        context.Items[OperatorKey] as OperatorRecord ?? throw new InvalidOperationException("no authenticated operator on this request");
}
