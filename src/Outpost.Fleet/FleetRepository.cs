namespace Outpost.Fleet;

/// <summary>A fleet as described by one commit of its Git repository: settings, schema, inventory and bundles, read fully into memory.</summary>
public sealed class FleetRepository
{
    internal FleetRepository(string origin, string revision, string commitId, string subdirectory, FleetFiles files, FleetLoader loaded)
    {
        Origin = origin;
        Revision = revision;
        CommitId = commitId;
        Subdirectory = subdirectory;
        Files = files;
        DisplayPrefix = subdirectory.Length == 0 ? "" : subdirectory + "/";
        Settings = loaded.Settings;
        Schema = loaded.Schema;
        Inventory = loaded.Inventory;
        Bundles = loaded.Bundles;
        RolloutPolicyFiles = loaded.RolloutPolicyFiles;
    }

    /// <summary>The path or URL the fleet was opened from.</summary>
    public string Origin { get; }

    /// <summary>The revision as asked for (branch, tag, id or expression).</summary>
    public string Revision { get; }

    /// <summary>The full id of the commit the revision resolved to.</summary>
    public string CommitId { get; }

    /// <summary>Folder of the Git repository holding the fleet ('/'-separated, empty for the root).</summary>
    public string Subdirectory { get; }

    public FleetSettings Settings { get; }

    public FleetSchema Schema { get; }

    public Inventory Inventory { get; }

    public IReadOnlyList<BundleDefinition> Bundles { get; }

    /// <summary>The YAML files under <c>rollouts/</c>, unparsed: the hub reads them as rollout policies.</summary>
    public IReadOnlyList<FleetPolicyFile> RolloutPolicyFiles { get; }

    internal FleetFiles Files { get; }

    internal string DisplayPrefix { get; }

    /// <summary>
    /// Opens a fleet at a revision. <paramref name="pathOrUrl"/> is a local repository (or a folder inside one),
    /// or a remote URL (https, ssh, git, file, user@host:path) that is cloned into a cache and fetched.
    /// Throws <see cref="FleetException"/> listing every structural error (bad YAML, unknown region, bad selector...).
    /// </summary>
    public static FleetRepository Open(string pathOrUrl, string rev = "HEAD", FleetRepositoryOptions? options = null)
    {
        using var source = GitFleetSource.Open(pathOrUrl, options ?? new FleetRepositoryOptions());
        return source.Load(rev);
    }

    /// <summary>Opens several revisions with one clone/fetch, e.g. the two sides of a diff.</summary>
    public static IReadOnlyList<FleetRepository> OpenRevisions(string pathOrUrl, IEnumerable<string> revs, FleetRepositoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(revs);
        using var source = GitFleetSource.Open(pathOrUrl, options ?? new FleetRepositoryOptions());
        return revs.Select(source.Load).ToList();
    }

    /// <summary>The bundles whose selectors match the site, ordered by name.</summary>
    public IReadOnlyList<BundleDefinition> BundlesFor(Site site) => Bundles.Where(b => b.AppliesTo(site)).ToList();

    /// <summary>Checks every site against the schema; an empty list means the whole fleet is valid.</summary>
    public IReadOnlyList<FleetError> Validate() => Inventory.Sites.SelectMany(s => SchemaValidator.Validate(Schema, s)).ToList();

    internal string Display(string path) => DisplayPrefix + path;
}
