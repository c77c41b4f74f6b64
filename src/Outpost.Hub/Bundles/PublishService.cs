using Dapper;
using Microsoft.Extensions.Logging;
using Outpost.Hub.Events;
using Outpost.Hub.Sessions;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Bundles;

/// <summary>Makes a revision the desired state of sites, durably first, then pushes it over live sessions.</summary>
public sealed partial class PublishService(HubDatabase database, RevisionStore revisions, SiteRepository sites, SessionRegistry sessions, EventLog events, TimeProvider time, ILogger<PublishService> logger)
{
    public IReadOnlyList<string> Publish(string revisionReference, IReadOnlyList<string>? siteIds, string? selector, string actor)
    {
        var revision = revisions.Resolve(revisionReference) ?? throw new HubException(404, $"revision '{revisionReference}' does not exist");
        var signed = revisions.Get(revision)!;
        var all = sites.List();
        List<SiteRecord> targets;
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

            targets = all.Where(s => s.RevokedAt is null && parsed.Matches(s.SelectableLabels())).ToList();
            if (targets.Count == 0)
            {
                throw new HubException(404, $"no site matches selector '{selector}'");
            }
        }
        else if (siteIds is { Count: > 0 })
        {
            var byId = all.ToDictionary(s => s.Id);
            targets = [];
            foreach (var id in siteIds)
            {
                if (!byId.TryGetValue(id, out var site))
                {
                    throw new HubException(404, $"site '{id}' does not exist");
                }

                if (site.RevokedAt is not null)
                {
                    throw new HubException(409, $"site '{id}' is revoked");
                }

                targets.Add(site);
            }
        }
        else
        {
            throw new HubException(400, "name the target sites or a selector");
        }

        var now = time.GetUtcNow().ToString("O");
        using (var connection = database.Open())
        using (var tx = connection.BeginTransaction())
        {
            foreach (var site in targets)
            {
                connection.Execute("UPDATE sites SET desired_revision = @revision WHERE id = @id", new { revision, id = site.Id }, tx);
                connection.Execute("INSERT OR IGNORE INTO site_revisions (site_id, revision, assigned_at) VALUES (@id, @revision, @now)", new { id = site.Id, revision, now }, tx);
                events.Record("desired-set", actor, site.Id, $$"""{"revision":"{{revision}}"}""", connection, tx);
            }

            tx.Commit();
        }

        var pushed = 0;
        foreach (var site in targets)
        {
            if (sessions.TryGet(site.Id, out var session))
            {
                session.PushDesired(signed);
                pushed++;
            }
        }

        LogPublished(logger, revision, targets.Count, pushed);
        return targets.Select(t => t.Id).ToList();
    }

    [LoggerMessage(LogLevel.Information, "Revision {Revision} desired for {Sites} site(s), pushed to {Pushed} connected")]
    private static partial void LogPublished(ILogger logger, string revision, int sites, int pushed);
}
