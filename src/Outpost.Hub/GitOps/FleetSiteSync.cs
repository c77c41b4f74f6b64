using System.Text.Json;
using Dapper;
using Outpost.Fleet;
using Outpost.Hub.Events;
using Outpost.Hub.Sites;
using Outpost.Hub.Storage;

namespace Outpost.Hub.GitOps;

/// <summary>
/// Makes the hub's sites match the inventory: adds inventory sites the hub lacks, and keeps region and labels of the
/// sites it lists in step with the repository. Hub sites not in the inventory are never touched.
/// </summary>
public sealed class FleetSiteSync(HubDatabase database, SiteRepository sites, EventLog events)
{
    /// <summary>The hub label that carries the site's distribution, so selectors (and rollouts) can use it.</summary>
    public const string DistributionLabel = "distribution";

    /// <summary>Applies the inventory; returns the ids created and the problems (sites the hub cannot hold).</summary>
    public (IReadOnlyList<string> Created, IReadOnlyList<FleetProblem> Problems) Apply(Inventory inventory, string actor)
    {
        var existing = sites.List().ToDictionary(s => s.Id, StringComparer.Ordinal);
        var created = new List<string>();
        var problems = new List<FleetProblem>();
        foreach (var site in inventory.Sites)
        {
            if (SiteId.Problem(site.Id) is { } problem)
            {
                problems.Add(FleetProblem.Of($"{site.File}: the hub cannot hold this site: {problem}", site.Id));
                continue;
            }

            var labels = LabelsOf(site);
            if (!existing.TryGetValue(site.Id, out var record))
            {
                try
                {
                    sites.Add(site.Id, site.Region, labels, new Dictionary<string, string>());
                    events.Record("site-added", actor, site.Id, JsonSerializer.Serialize(new { region = site.Region, labels }));
                    created.Add(site.Id);
                }
                catch (HubException e) when (e.Status == 409)
                {
                    // Added by an operator a moment ago: fine, it is there.
                }

                continue;
            }

            if (record.RevokedAt is null && (record.Region != site.Region || !SameLabels(record.Labels, labels)))
            {
                using var connection = database.Open();
                connection.Execute("UPDATE sites SET region = @region, labels = @labels WHERE id = @id",
                    new { id = site.Id, region = site.Region, labels = JsonSerializer.Serialize(labels) });
                events.Record("site-updated", actor, site.Id, JsonSerializer.Serialize(new { region = site.Region, labels }));
            }
        }

        return (created, problems);
    }

    /// <summary>The inventory's labels plus the distribution; "region" and "site" are implicit hub labels already.</summary>
    public static Dictionary<string, string> LabelsOf(Site site)
    {
        var labels = new Dictionary<string, string>(site.Labels, StringComparer.Ordinal) { [DistributionLabel] = site.Distribution };
        labels.Remove("region");
        labels.Remove("site");
        return labels;
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
