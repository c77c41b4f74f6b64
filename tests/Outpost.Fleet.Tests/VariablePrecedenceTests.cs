namespace Outpost.Fleet.Tests;

public sealed class VariablePrecedenceTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Site_beats_region_beats_distribution_beats_fleet()
    {
        _repo.Commit(SmallFleet.Files());
        var site = _repo.Open().Inventory["ber-01"];
        var vars = site.Variables;

        Assert.Equal(4000L, vars.Get("lis.port"));           // site over region (2600) and fleet (2575)
        Assert.Equal("lis.de.example", vars.Get("lis.host")); // distribution over fleet
        Assert.Equal(false, vars.Get("lis.tls"));             // distribution over fleet
        Assert.Equal("de_DE", vars.Get("locale"));
        Assert.Equal("info", vars.Get("log_level"));          // fleet default survives
    }

    [Fact]
    public void Region_beats_distribution_and_maps_merge_deeply()
    {
        _repo.Commit(SmallFleet.Files());
        var vars = _repo.Open().Inventory["ber-02"].Variables;

        Assert.Equal(2600L, vars.Get("lis.port"));
        Assert.Equal("lis.de.example", vars.Get("lis.host"));
        var lis = Assert.IsType<Dictionary<string, object?>>(vars.Values["lis"]);
        Assert.Equal(["host", "port", "tls"], lis.Keys.Order());
    }

    [Fact]
    public void Lists_are_replaced_not_concatenated()
    {
        _repo.Commit(SmallFleet.Files());
        var inventory = _repo.Open().Inventory;

        Assert.Equal(["ntp1.eu-west.example", "ntp2.eu-west.example"], Assert.IsType<List<object?>>(inventory["ber-01"].Variables.Get("ntp")));
        Assert.Equal(["pool.ntp.org"], Assert.IsType<List<object?>>(inventory["osl-01"].Variables.Get("ntp")));
    }

    [Fact]
    public void Yaml_1_2_scalars_keep_country_codes_as_strings()
    {
        _repo.Commit(SmallFleet.Files());
        Assert.Equal("NO", _repo.Open().Inventory["osl-01"].Variables.Get("country"));
    }

    [Fact]
    public void Each_value_remembers_the_file_and_line_of_the_layer_that_won()
    {
        _repo.Commit(SmallFleet.Files());
        var vars = _repo.Open().Inventory["ber-01"].Variables;

        var port = vars.LocationOf("lis.port")!;
        Assert.Equal("sites/ber-01.yaml", port.File);
        Assert.Equal(8, port.Line);
        Assert.Equal("distributions/de-hospital.yaml", vars.LocationOf("lis.host")!.File);
        Assert.Equal("regions/eu-west.yaml", vars.LocationOf("ntp[1]")!.File);
        Assert.Equal("fleet.yaml", vars.LocationOf("log_level")!.File);
    }

    [Fact]
    public void Labels_and_identity_are_loaded()
    {
        _repo.Commit(SmallFleet.Files());
        var inventory = _repo.Open().Inventory;

        Assert.Equal(["ber-01", "ber-02", "osl-01"], inventory.Sites.Select(s => s.Id));
        var site = inventory["osl-01"];
        Assert.Equal("eu-north", site.Region);
        Assert.Equal("no-hospital", site.Distribution);
        Assert.Equal("reference-lab", site.Labels["role"]);
        Assert.Equal("osl-01", site.SelectorLabels["site"]);
    }

    [Fact]
    public void Unknown_region_names_site_and_line()
    {
        var files = SmallFleet.Files();
        files["sites/ber-02.yaml"] = "region: eu-wset\ndistribution: de-hospital\n";
        _repo.Commit(files);

        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        var error = Assert.Single(ex.Errors);
        Assert.Equal("ber-02", error.SiteId);
        Assert.Equal("sites/ber-02.yaml", error.Location!.File);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("unknown region 'eu-wset'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_file_and_line()
    {
        var files = SmallFleet.Files();
        files["regions/eu-north.yaml"] = "vars:\n  log_level: warn\n   bad: [\n";
        _repo.Commit(files);

        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        Assert.Contains(ex.Errors, e => e.Location?.File == "regions/eu-north.yaml" && e.Location.Line >= 2);
    }
}
