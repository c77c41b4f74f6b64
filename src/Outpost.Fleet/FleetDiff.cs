namespace Outpost.Fleet;

/// <summary>Computes the blast radius of a fleet change by rendering both revisions (the second incrementally) and comparing bundles.</summary>
public static class FleetDiff
{
    /// <summary>Opens the repository once and compares two revisions of it.</summary>
    public static FleetDiffResult Compare(string pathOrUrl, string fromRev, string toRev, FleetDiffOptions? options = null)
    {
        options ??= new FleetDiffOptions();
        var revisions = FleetRepository.OpenRevisions(pathOrUrl, [fromRev, toRev], options.Repository);
        return Compare(revisions[0], revisions[1], options);
    }

    public static FleetDiffResult Compare(FleetRepository from, FleetRepository to, FleetDiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        options ??= new FleetDiffOptions();
        var fromResult = options.FromResult ?? new FleetRenderer(from, options.CompilerFactory).RenderAll(new FleetRenderOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism });
        // Rendering the new side against the old results means unchanged sites cost a hash, not a render.
        var toResult = new FleetRenderer(to, options.CompilerFactory).RenderAll(new FleetRenderOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, Previous = fromResult });

        var fromIds = from.Inventory.Sites.Select(s => s.Id);
        var toIds = to.Inventory.Sites.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var allIds = fromIds.Union(toIds).Order(StringComparer.Ordinal).ToList();
        var toErrors = toResult.Errors.Where(e => e.SiteId is not null).ToLookup(e => e.SiteId!, StringComparer.Ordinal);
        var sites = new List<SiteDiff>();
        foreach (var id in allIds)
        {
            var before = fromResult[id];
            var after = toResult[id];
            if (!toIds.Contains(id))
            {
                sites.Add(new SiteDiff(id, ChangeKind.Removed, CompareFiles(id, before, null, options)) { FromContentHash = before?.ContentHash });
            }
            else if (after is null)
            {
                sites.Add(new SiteDiff(id, ChangeKind.Failed, []) { FromContentHash = before?.ContentHash, Errors = toErrors[id].ToList() });
            }
            else if (!from.Inventory.TryGet(id, out _))
            {
                sites.Add(new SiteDiff(id, ChangeKind.Added, CompareFiles(id, null, after, options)) { ToContentHash = after.ContentHash });
            }
            else if (before is null || before.ContentHash != after.ContentHash)
            {
                sites.Add(new SiteDiff(id, ChangeKind.Modified, CompareFiles(id, before, after, options))
                {
                    FromContentHash = before?.ContentHash,
                    ToContentHash = after.ContentHash,
                });
            }
        }
        return new FleetDiffResult(fromResult, toResult, allIds.Count, sites);
    }

    private static List<FileDiff> CompareFiles(string siteId, RenderedBundle? before, RenderedBundle? after, FleetDiffOptions options)
    {
        var old = (before?.Files ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var @new = (after?.Files ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var diffs = new List<FileDiff>();
        foreach (var path in old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal))
        {
            var a = old.GetValueOrDefault(path)?.Content;
            var b = @new.GetValueOrDefault(path)?.Content;
            if (a is not null && b is not null && a.AsSpan().SequenceEqual(b))
            {
                continue;
            }
            var kind = a is null ? ChangeKind.Added : b is null ? ChangeKind.Removed : ChangeKind.Modified;
            var patch = options.IncludePatch
                ? UnifiedDiff.Create($"a/{siteId}/{path}", $"b/{siteId}/{path}", a, b, options.ContextLines)
                : null;
            diffs.Add(new FileDiff(path, kind, patch));
        }
        return diffs;
    }
}
