using System.Text;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Sessions;

/// <summary>Answers one blob (or manifest) request on its own channel: a status byte, then the content or the reason for refusal.</summary>
internal static class BlobChannelServer
{
    private const int ChunkBytes = 64 * 1024;

    public static async Task ServeAsync(MuxChannel channel, string siteId, string? pushedRevision, string digest, SessionServices services, CancellationToken ct)
    {
        var entered = false;
        var output = channel.Output;
        try
        {
            await services.BlobFetches.WaitAsync(ct);
            entered = true;
            services.CountFetch();
            // The revision just pushed to this session answers most fetches from memory; anything else asks the database.
            // Manifests travel with the desired revision; one is fetched only by an agent that could not rebuild it from a patch.
            var valid = ContentDigest.IsValid(digest);
            var manifest = valid && digest == pushedRevision ? services.Revisions.Get(digest)?.Manifest : null;
            var allowed = manifest is not null || (valid
                && ((pushedRevision is not null && services.Revisions.RevisionHasBlob(pushedRevision, digest)) || services.Revisions.SiteMayReadBlob(siteId, digest))
                && services.Blobs.Has(digest));
            if (!allowed && valid && services.Revisions.SiteMayReadRevision(siteId, digest))
            {
                manifest = services.Revisions.Get(digest)?.Manifest;
                allowed = manifest is not null;
            }

            if (!allowed)
            {
                // The same answer for "absent" and "another site's": nothing leaks about other sites' content.
                output.GetSpan(1)[0] = ChannelNames.BlobRefused;
                output.Advance(1);
                await output.WriteAsync(Encoding.UTF8.GetBytes($"blob {digest} is not available to site {siteId}"), ct);
                await output.CompleteAsync();
                return;
            }

            // The status byte rides in the first data frame with the content's first chunk.
            output.GetSpan(1)[0] = ChannelNames.BlobFound;
            output.Advance(1);
            if ((manifest ?? services.Blobs.ReadSmall(digest)) is { } small)
            {
                await output.WriteAsync(small, ct);
                await output.CompleteAsync();
                return;
            }

            await using (var content = services.Blobs.OpenRead(digest))
            {
                while (true)
                {
                    var read = await content.ReadAsync(output.GetMemory(ChunkBytes), ct);
                    if (read == 0)
                    {
                        break;
                    }

                    output.Advance(read);
                    await output.FlushAsync(ct);
                }
            }

            await output.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The session ended while serving; the agent will ask again on reconnect.
        }
        finally
        {
            channel.Dispose();
            if (entered)
            {
                services.BlobFetches.Release();
            }
        }
    }
}
