using Outpost.Hub.Api;
using Outpost.Protocol.Bundles;

namespace Outpost.Cli.Operator;

/// <summary>Publishes a directory: uploads only the blobs the hub lacks, creates the signed revision, makes it desired.</summary>
internal static class BundlePublisher
{
    public static async Task<(PublishResponse Result, int Uploaded, long UploadedBytes)> PublishAsync(
        HubClient hub, string directory, IReadOnlyList<string>? sites, string? selector, Action<string>? progress, CancellationToken ct)
    {
        // A missing directory or a bad outpost.bundle.yaml reaches CliRunner, which prints it as one error line.
        var bundle = await BundleBuilder.FromDirectoryAsync(directory, ct);

        var all = bundle.Manifest.BlobDigests();
        var missing = await hub.PostAsync<BlobList>("/v1/blobs/missing", new BlobList(all), ct);
        long bytes = 0;
        var done = 0;
        foreach (var digest in missing.Digests)
        {
            await using var content = bundle.OpenBlob(digest);
            bytes += content.Length;
            await hub.PutStreamAsync($"/v1/blobs/{digest}", content, ct);
            progress?.Invoke($"uploaded {++done}/{missing.Digests.Count} blobs");
        }

        var revision = await hub.PostBytesAsync<RevisionCreated>("/v1/revisions", bundle.ManifestBytes, ct);
        var result = await hub.PostAsync<PublishResponse>("/v1/publish", new PublishRequest(revision.Revision, sites, selector), ct);
        return (result with { Revision = revision.Revision }, missing.Digests.Count, bytes);
    }
}
