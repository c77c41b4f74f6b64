using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Outpost.Hub.Bundles;
using Outpost.Hub.Events;

namespace Outpost.Hub.Api;

/// <summary>Operator endpoints for content: upload blobs, create signed revisions, publish them to sites.</summary>
internal static class BundleEndpoints
{
    /// <summary>Largest single blob upload; bundles are configuration, not disk images.</summary>
    private const long MaxBlobBytes = 512L * 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/blobs/missing", (BlobList request, BlobStore blobs) =>
            new BlobList(request.Digests.Where(d => !blobs.Has(d)).Distinct().ToList()));

        api.MapPut("/blobs/{digest}", async (string digest, HttpContext http, BlobStore blobs) =>
        {
            if (http.Request.ContentLength > MaxBlobBytes)
            {
                throw new HubException(413, $"blob {digest} is larger than {MaxBlobBytes} bytes");
            }

            await blobs.PutAsync(digest, http.Request.Body, http.RequestAborted);
            return Results.NoContent();
        });

        api.MapPost("/revisions", async (HttpContext http, RevisionStore revisions, EventLog events) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var created = revisions.Create(buffer.ToArray());
            events.Record("revision-created", OperatorAuthentication.Actor(http), data: $$"""{"revision":"{{created.Digest}}"}""");
            return new RevisionCreated(created.Digest);
        });

        api.MapPost("/publish", async (PublishRequest request, HttpContext http, PublishService publish) =>
        {
            var assigned = publish.Assign(request.Revision, request.Sites, request.Selector, OperatorAuthentication.Actor(http));
            try
            {
                await http.Response.WriteAsJsonAsync(new PublishResponse(request.Revision, assigned.Sites), http.RequestAborted);
                await http.Response.CompleteAsync();
            }
            finally
            {
                // Pushed once the answer is out (or the caller gone: the assignment is durable either way). With thousands of
                // sessions the pushes' work would otherwise queue ahead of the answer and hold the operator's command for seconds.
                publish.Push(assigned);
            }
        });

        api.MapGet("/events", (string? site, int? limit, EventLog events) => events.List(site, Math.Clamp(limit ?? 100, 1, 10_000)));
    }
}
