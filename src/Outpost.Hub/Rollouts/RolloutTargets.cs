namespace Outpost.Hub.Rollouts;

/// <summary>The revision each site of a rollout gets: a per-site target where one was given, else the rollout's revision.</summary>
internal sealed class RolloutTargets(string revision, IReadOnlyDictionary<string, string> perSite)
{
    public string Of(string site) => perSite.GetValueOrDefault(site) ?? revision;

    /// <summary>Distinct revisions with their site counts, the rollout's own first.</summary>
    public IReadOnlyList<RevisionTarget> Summary(IEnumerable<string> sites) =>
        sites.GroupBy(Of, StringComparer.Ordinal)
            .Select(g => new RevisionTarget(g.Key, g.Count()))
            .OrderByDescending(t => t.Revision == revision).ThenByDescending(t => t.Sites).ThenBy(t => t.Revision, StringComparer.Ordinal)
            .ToList();
}
