using Microsoft.AspNetCore.Http;

namespace Outpost.Hub.Api;

/// <summary>Turns HubException into a JSON error with its status, so every client sees the same clear message.</summary>
internal sealed class ErrorHandling(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (HubException e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = e.Status;
            await context.Response.WriteAsJsonAsync(new ErrorResponse(e.Message));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new ErrorResponse(e.Message));
        }
    }
}
