using Microsoft.AspNetCore.Http;
using Outpost.Hub.Operators;

namespace Outpost.Hub.Api;

/// <summary>Endpoint filter: operator endpoints need a valid bearer token; the operator's name goes in the audit log.</summary>
internal sealed class OperatorAuthentication(OperatorStore operators) : IEndpointFilter
{
    public const string ActorKey = "outpost.actor";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var name = header.StartsWith("Bearer ", StringComparison.Ordinal) ? operators.Authenticate(header["Bearer ".Length..].Trim()) : null;
        if (name is null)
        {
            return Results.Json(new ErrorResponse("an operator credential is required (see operator.json)"), statusCode: 401);
        }

        context.HttpContext.Items[ActorKey] = $"operator:{name}";
        return await next(context);
    }

    public static string Actor(HttpContext context) => context.Items[ActorKey] as string ?? "operator";
}
