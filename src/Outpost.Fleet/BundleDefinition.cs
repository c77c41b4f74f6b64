namespace Outpost.Fleet;

/// <summary>A named group of templates rendered together for every site its selector matches.</summary>
public sealed class BundleDefinition
{
    internal BundleDefinition(string name, string file, string? description, string root, IReadOnlyList<LabelSelector> selectors, IReadOnlyList<BundleTemplate> templates, string contentHash)
    {
        Name = name;
        File = file;
        Description = description;
        Root = root;
        Selectors = selectors;
        Templates = templates;
        ContentHash = contentHash;
    }

    public string Name { get; }

    /// <summary>Repository-relative path of the bundle's <c>bundle.yaml</c>.</summary>
    public string File { get; }

    public string? Description { get; }

    /// <summary>Folder inside each site's bundle that this bundle's files go to; rendered paths may not leave it.</summary>
    public string Root { get; }

    /// <summary>The bundle goes to a site when any of these selectors matches it (an empty list matches every site).</summary>
    public IReadOnlyList<LabelSelector> Selectors { get; }

    public IReadOnlyList<BundleTemplate> Templates { get; }

    /// <summary>Hash of every file in the bundle folder; part of each site's render inputs.</summary>
    internal string ContentHash { get; }

    /// <summary>The fleet-relative folder holding bundle.yaml, templates/ and files/.</summary>
    public string Folder => "bundles/" + Name;

    public bool AppliesTo(Site site) => Selectors.Count == 0 || Selectors.Any(s => s.Matches(site));
}
