namespace Outpost.Fleet.Tests;

public sealed class LabelSelectorTests : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["site"] = "ber-01",
        ["region"] = "eu-west",
        ["distribution"] = "de-hospital",
        ["tier"] = "production",
        ["analysers"] = "yes",
    };

    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("", true)]
    [InlineData("tier=production", true)]
    [InlineData("tier==production", true)]
    [InlineData("tier!=production", false)]
    [InlineData("tier=staging", false)]
    [InlineData("region in (eu-west, eu-north)", true)]
    [InlineData("region notin (eu-west)", false)]
    [InlineData("distribution=de-hospital, tier=production", true)]
    [InlineData("distribution=de-hospital,tier=staging", false)]
    [InlineData("analysers", true)]
    [InlineData("!analysers", false)]
    [InlineData("!maintenance", true)]
    [InlineData("maintenance!=true", true)]
    [InlineData("maintenance in (true)", false)]
    [InlineData("site in (ber-01,ber-02)", true)]
    public void Matches_like_kubernetes(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("tier=")]
    [InlineData("tier in production")]
    [InlineData("tier in (a,")]
    [InlineData("tier ~ x")]
    [InlineData("a=b,,c=d")]
    public void Bad_syntax_is_reported_with_position(string selector)
    {
        var ex = Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
        Assert.Contains("column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundles_go_to_the_sites_their_selector_matches()
    {
        var files = SmallFleet.Files();
        files["bundles/nordic/bundle.yaml"] = "selector: \"region=eu-north\"\n";
        files["bundles/nordic/templates/x.txt"] = "x\n";
        files["bundles/prod-de/bundle.yaml"] = "selector:\n  - \"distribution=de-hospital, tier in (production)\"\n  - \"site=osl-01\"\n";
        files["bundles/prod-de/templates/y.txt"] = "y\n";
        _repo.Commit(files);
        var fleet = _repo.Open();

        string[] Names(string site) => fleet.BundlesFor(fleet.Inventory[site]).Select(b => b.Name).ToArray();
        Assert.Equal(["base", "gateway", "prod-de"], Names("ber-01"));
        Assert.Equal(["base", "gateway"], Names("ber-02"));
        Assert.Equal(["base", "nordic", "prod-de"], Names("osl-01"));
    }

    [Fact]
    public void Bad_selector_in_bundle_names_file_and_line()
    {
        var files = SmallFleet.Files();
        files["bundles/gateway/bundle.yaml"] = "description: x\nselector: \"role in lab-edge\"\n";
        _repo.Commit(files);
        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        Assert.Contains("bundles/gateway/bundle.yaml:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sites_may_not_set_built_in_labels()
    {
        var files = SmallFleet.Files();
        files["sites/ber-02.yaml"] = "region: eu-west\ndistribution: de-hospital\nlabels:\n  region: elsewhere\n";
        _repo.Commit(files);
        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        Assert.Contains("sites/ber-02.yaml:4", ex.Message, StringComparison.Ordinal);
    }
}
