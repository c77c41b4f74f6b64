namespace Outpost.Fleet;

/// <summary>One edge computer's place in the fleet: where it is, which flavour it runs, its labels and merged variables.</summary>
public sealed class Site
{
    internal Site(string id, string region, string distribution, IReadOnlyDictionary<string, string> labels, SiteVariables variables, string file)
    {
        Id = id;
        Region = region;
        Distribution = distribution;
        Labels = labels;
        Variables = variables;
        File = file;
        var selectorLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal)
        {
            ["site"] = id,
            ["region"] = region,
            ["distribution"] = distribution,
        };
        SelectorLabels = selectorLabels;
    }

    public string Id { get; }

    public string Region { get; }

    public string Distribution { get; }

    /// <summary>The labels written in the site file.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Labels plus the built-in <c>site</c>, <c>region</c> and <c>distribution</c> keys selectors can use.</summary>
    public IReadOnlyDictionary<string, string> SelectorLabels { get; }

    /// <summary>Variables merged fleet &lt; distribution &lt; region &lt; site.</summary>
    public SiteVariables Variables { get; }

    /// <summary>Repository-relative path of the site's file.</summary>
    public string File { get; }

    public override string ToString() => Id;
}
