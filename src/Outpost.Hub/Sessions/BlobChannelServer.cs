using System.Text;
using Nerdbank.Streams;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Sessions;

/// <summary>Answers one blob request on its own channel: a status byte, then the content or the reason for refusal.</summary>
internal static class BlobChannelServer
{
    private const int CopyBufferBytes = 16 * 1024;

    public static async Task ServeAsync(MultiplexingStream.Channel channel, string siteId, string digest, SessionServices services, CancellationToken ct)
    {
        await using var stream = channel.AsStream();
        var entered = false;
        try
        {
            await services.BlobFetches.WaitAsync(ct);
            entered = true;
            // Manifests travel inline with the desired revision; the session serves blobs only (the OCI paths serve both).
            var allowed = ContentDigest.IsValid(digest) && services.Revisions.SiteMayReadBlob(siteId, digest) && services.Blobs.Has(digest);
            if (!allowed)
            {
                // The same answer for "absent" and "another site's": nothing leaks about other sites' content.
                stream.WriteByte(ChannelNames.BlobRefused);
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"blob {digest} is not available to site {siteId}"), ct);
                return;
            }

            stream.WriteByte(ChannelNames.BlobFound);
            await using (var content = services.Blobs.OpenRead(digest))
            {
                await content.CopyToAsync(stream, CopyBufferBytes, ct);
            }

            await stream.FlushAsync(ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The session ended while serving; the agent will ask again on reconnect.
        }
        finally
        {
            if (entered)
            {
                services.BlobFetches.Release();
            }
        }
    }
}
