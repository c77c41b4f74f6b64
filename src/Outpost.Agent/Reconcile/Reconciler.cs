using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Outpost.Agent.Health;
using Outpost.Agent.Releases;
using Outpost.Agent.Session;
using Outpost.Agent.State;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Agent.Reconcile;

/// <summary>
/// Brings the site to its desired revision: fetch what is missing, apply atomically, run the health checks,
/// roll back by itself when they fail, and put every outcome in the outbox.
/// </summary>
public sealed partial class Reconciler(AgentStore store, ReleaseStore releases, BlobCache blobs, HealthCheckRunner health, ECDsa signingKey, ILogger logger)
{
    private const string FailedRevisionKey = "failed_revision";

    /// <summary>
    /// Checks and stores a desired revision from the hub, its manifest as sent, rebuilt from a patch or fetched whole; false
    /// (and an event) when no manifest with the revision's digest and the hub's signature could be had.
    /// </summary>
    public async Task<bool> AcceptDesiredAsync(DesiredRevision desired, AgentSession session, CancellationToken cancellationToken)
    {
        // Read once: the base of a patch is the stored desired manifest (or a kept release's), and it is compared below.
        var stored = store.GetDesired();
        var manifest = await DesiredManifest.ResolveAsync(desired, r => stored?.Revision == r ? stored.ManifestBytes : releases.ManifestBytesOf(r),
            m => BundleSigner.VerifyRevision(signingKey, m, desired.Revision, desired.Signature), session, cancellationToken);
        if (manifest is null)
        {
            store.Enqueue("desired-rejected", Json(new JsonObject { ["revision"] = desired.Revision, ["error"] = "the manifest's digest or signature does not verify against the pinned hub key" }));
            LogRejected(logger, desired.Revision);
            return false;
        }

        if (stored?.Revision != desired.Revision)
        {
            store.SetDesired(new DesiredState(desired.Revision, manifest, desired.Signature));
            store.Set(FailedRevisionKey, null);
        }

        return true;
    }

    /// <summary>
    /// Stores the blobs the hub sent along with a desired revision, so that reconciling fetches none of them. Each is
    /// checked against its digest on the way in; one that does not match is dropped (and fetched like any other).
    /// </summary>
    public async Task TakeAttachedAsync(IReadOnlyList<string>? digests, IReadOnlyList<byte[]> contents, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Math.Min(digests?.Count ?? 0, contents.Count); i++)
        {
            var digest = digests![i];
            if (!ContentDigest.IsValid(digest) || blobs.Has(digest))
            {
                continue;
            }

            try
            {
                await blobs.PutAsync(digest, new MemoryStream(contents[i], writable: false), cancellationToken);
            }
            catch (InvalidDataException e)
            {
                LogAttachedRefused(logger, digest, e.Message);
            }
        }
    }

    /// <summary>One pass; with no session only what is already cached locally can be applied.</summary>
    public async Task ReconcileAsync(AgentSession? session, CancellationToken cancellationToken)
    {
        var desired = store.GetDesired();
        if (desired is null || store.Get(FailedRevisionKey) == desired.Revision ||
            (desired.Revision == store.AppliedRevision && releases.CurrentRevision == desired.Revision))
        {
            return;
        }

        try
        {
            var manifest = BundleManifest.Parse(desired.ManifestBytes);
            var needed = manifest.BlobDigests().Where(d => !blobs.Has(d)).ToList();
            if (needed.Count > 0)
            {
                if (session is null)
                {
                    return; // offline: keep the last good release until the hub is back
                }

                foreach (var digest in needed)
                {
                    await session.FetchAsync(digest, content => blobs.PutAsync(digest, content, cancellationToken), cancellationToken);
                }
            }

            BundleConfig config;
            await using (var configStream = blobs.OpenRead(manifest.Config.Digest))
            {
                config = BundleConfigSerializer.Parse(configStream);
            }

            var outcome = await releases.ApplyAsync(desired.Revision, manifest, blobs, cancellationToken);
            var results = await health.RunAsync(config.HealthChecks, outcome.ReleasePath, cancellationToken);
            var healthy = results.All(r => r.Healthy);
            store.AppliedRevision = desired.Revision;
            store.Enqueue("applied", Json(new JsonObject
            {
                ["revision"] = desired.Revision,
                ["previous"] = outcome.PreviousRevision,
                ["healthy"] = healthy,
                ["checks"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.Name,
                    ["healthy"] = r.Healthy,
                    ["detail"] = r.Detail,
                    ["ms"] = Math.Round(r.Duration.TotalMilliseconds, 1),
                }).ToArray()),
            }));
            LogApplied(logger, desired.Revision, healthy);

            // Blobs of releases no longer kept only take space on a small lab computer.
            blobs.Prune(KeptDigests());
            if (!healthy)
            {
                store.Set(FailedRevisionKey, desired.Revision);
                // After a crash between switch and record, the store's previous is this same revision: take the next kept one.
                var previous = outcome.PreviousRevision is { } p && p != desired.Revision
                    ? p
                    : releases.Revisions.FirstOrDefault(r => r != desired.Revision);
                if (previous is not null)
                {
                    await releases.SwitchToAsync(previous, cancellationToken);
                    store.AppliedRevision = previous;
                    store.Enqueue("rolled-back", Json(new JsonObject { ["revision"] = previous, ["from"] = desired.Revision, ["reason"] = "health checks failed" }));
                    LogRolledBack(logger, desired.Revision, previous);
                }
            }
        }
        catch (Exception e) when (e is BlobRefusedException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            // Retrying cannot fix these; wait for a new desired revision.
            store.Set(FailedRevisionKey, desired.Revision);
            store.Enqueue("apply-failed", Json(new JsonObject { ["revision"] = desired.Revision, ["error"] = e.Message }));
            LogFailed(logger, desired.Revision, e.Message);
        }
    }

    /// <summary>
    /// The blobs a prune keeps: the kept releases' and the stored desired revision's. Read when the prune asks, not before:
    /// a push that came while this revision was applying has stored its desired state, and then the blobs sent with it.
    /// </summary>
    private IEnumerable<string> KeptDigests()
    {
        foreach (var digest in releases.ReferencedDigests())
        {
            yield return digest;
        }

        if (store.GetDesired() is { } desired)
        {
            foreach (var digest in BundleManifest.Parse(desired.ManifestBytes).BlobDigests())
            {
                yield return digest;
            }
        }
    }

    private static string Json(JsonObject value) => value.ToJsonString();

    [LoggerMessage(LogLevel.Information, "Applied revision {Revision}, healthy: {Healthy}")]
    private static partial void LogApplied(ILogger logger, string revision, bool healthy);

    [LoggerMessage(LogLevel.Warning, "Rolled back from {Revision} to {Previous}: health checks failed")]
    private static partial void LogRolledBack(ILogger logger, string revision, string previous);

    [LoggerMessage(LogLevel.Error, "Revision {Revision} could not be applied: {Error}")]
    private static partial void LogFailed(ILogger logger, string revision, string error);

    [LoggerMessage(LogLevel.Error, "Refused desired revision {Revision}: bad signature or digest")]
    private static partial void LogRejected(ILogger logger, string revision);

    [LoggerMessage(LogLevel.Warning, "Dropped blob {Digest} sent with the desired revision: {Error}; it will be fetched")]
    private static partial void LogAttachedRefused(ILogger logger, string digest, string error);
}
