using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;
using Outpost.Protocol.Session;

namespace Outpost.Hub.Bundles;

/// <summary>Makes a revision the desired state of sites, durably first, then pushes it over live sessions.</summary>
public sealed partial class PublishService(HubDatabase database, RevisionStore revisions, SiteRepository sites, SessionRegistry sessions, TimeProvider time, ILogger<PublishService> logger)
{
    /// <summary>Makes the revision desired for the sites (or those a selector matches), durably, and pushes it to those connected.</summary>
    public IReadOnlyList<string> Publish(string revisionReference, IReadOnlyList<string>? siteIds, string? selector, string actor)
    {
        var assigned = Assign(revisionReference, siteIds, selector, actor);
        Push(assigned);
        return assigned.Sites;
    }

    /// <summary>Pushes what <see cref="Assign"/> assigned to the sites with a live session.</summary>
    public void Push(PublishAssignment assigned)
    {
        var pushed = Push(assigned.Revision, assigned.Sites);
        LogPublished(logger, assigned.Revision, assigned.Sites.Count, pushed);
    }

    /// <summary>
    /// Makes the revision desired for the sites, durably, without pushing it yet: the caller pushes it when it suits
    /// (the publish endpoint answers first).
    /// </summary>
    public PublishAssignment Assign(string revisionReference, IReadOnlyList<string>? siteIds, string? selector, string actor)
    {
        var revision = revisions.Resolve(revisionReference) ?? throw new HubException(404, $"revision '{revisionReference}' does not exist");
        IReadOnlyList<string> targets;
        string ids;
        if (selector is not null)
        {
            LabelSelector parsed;
            try
            {
                parsed = LabelSelector.Parse(selector);
            }
            catch (FormatException e)
            {
                throw new HubException(400, e.Message);
            }

            // Only ids and labels are read: a publish to ten thousand sites need not parse every site's variables.
            targets = [.. sites.LiveSelectableLabels().Where(s => parsed.Matches(s.Labels)).Select(s => s.Id)];
            if (targets.Count == 0)
            {
                throw new HubException(404, $"no site matches selector '{selector}'");
            }

            ids = System.Text.Json.JsonSerializer.Serialize(targets);
        }
        else if (siteIds is { Count: > 0 })
        {
            targets = siteIds;
            ids = System.Text.Json.JsonSerializer.Serialize(targets);
            var revoked = sites.RevokedByIds(ids);
            foreach (var id in siteIds)
            {
                if (!revoked.TryGetValue(id, out var isRevoked))
                {
                    throw new HubException(404, $"site '{id}' does not exist");
                }

                if (isRevoked)
                {
                    throw new HubException(409, $"site '{id}' is revoked");
                }
            }
        }
        else
        {
            throw new HubException(400, "name the target sites or a selector");
        }

        // Set-based statements: one publish to 10,000 sites is three statements, not 30,000.
        using (var connection = database.Open())
        using (var tx = connection.BeginTransaction())
        {
            SetDesired(connection, tx, revision, ids, actor);
            tx.Commit();
        }

        return new PublishAssignment(revision, targets);
    }

    /// <summary>
    /// Makes a revision desired for sites (a JSON array of ids) inside the caller's transaction, so a caller can write its
    /// own state change in the same commit; no checks and no push: call <see cref="Push(string, IEnumerable{string})"/> after the commit.
    /// </summary>
    public void SetDesired(SqliteConnection connection, SqliteTransaction tx, string revision, string siteIdsJson, string actor, string? extraData = null)
    {
        var now = time.GetUtcNow().ToString("O");
        var data = extraData is null ? $$"""{"revision":"{{revision}}"}""" : $$"""{"revision":"{{revision}}",{{extraData}}}""";
        connection.Execute("UPDATE sites SET desired_revision = @revision WHERE id IN (SELECT value FROM json_each(@ids))", new { revision, ids = siteIdsJson }, tx);
        connection.Execute("INSERT OR IGNORE INTO site_revisions (site_id, revision, assigned_at) SELECT value, @revision, @now FROM json_each(@ids)", new { revision, ids = siteIdsJson, now }, tx);
        connection.Execute("INSERT INTO events (at, site_id, kind, actor, data) SELECT @now, value, 'desired-set', @actor, @data FROM json_each(@ids)",
            new { now, ids = siteIdsJson, actor, data }, tx);
    }

    /// <summary>Sends in flight at once when a revision goes out to many sessions.</summary>
    private const int PushParallelism = 64;

    /// <summary>Pushes a revision that is already durable as desired to those of the sites with a live session; returns how many.</summary>
    public int Push(string revision, IEnumerable<string> siteIds)
    {
        var signed = revisions.Get(revision) ?? throw new HubException(404, $"revision '{revision}' does not exist");

        // The frames are built once per kind of session (DesiredFrames keeps them), not once per session.
        var generation = AgentConnection.NextPushGeneration();
        var targets = new List<(AgentConnection Session, IReadOnlyList<byte[]> Frames)>();
        foreach (var id in siteIds)
        {
            if (sessions.TryGet(id, out var session))
            {
                session.ClaimPush(generation);
                targets.Add((session, session.DesiredFramesFor(signed)));
            }
        }

        // In the background and a few at a time: the caller (an operator's publish, a rollout step) need not wait for ten
        // thousand sends, and the first sites get theirs at once instead of all sharing the CPU until the last one is done.
        _ = Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = PushParallelism }, async (target, _) =>
            await target.Session.SendDesiredFrameAsync(target.Frames, signed.Digest, generation));
        return targets.Count;
    }

    [LoggerMessage(LogLevel.Information, "Revision {Revision} desired for {Sites} site(s), pushed to {Pushed} connected")]
    private static partial void LogPublished(ILogger logger, string revision, int sites, int pushed);
}
