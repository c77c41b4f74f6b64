namespace Outpost.Fleet.Tests;

public sealed class SchemaValidatorTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private FleetRepository OpenWith(string path, string content)
    {
        var files = SmallFleet.Files();
        files[path] = content;
        _repo.Commit(files);
        return _repo.Open();
    }

    [Fact]
    public void Valid_fleet_has_no_errors()
    {
        _repo.Commit(SmallFleet.Files());
        Assert.Empty(_repo.Open().Validate());
    }

    [Fact]
    public void Wrong_type_names_site_field_file_and_line()
    {
        var fleet = OpenWith("sites/ber-02.yaml", """
            region: eu-west
            distribution: de-hospital
            vars:
              lis:
                port: "twenty"
            """);

        var error = Assert.Single(fleet.Validate());
        Assert.Equal("ber-02", error.SiteId);
        Assert.Equal("lis.port", error.Field);
        Assert.Equal("sites/ber-02.yaml", error.Location!.File);
        Assert.Equal(5, error.Location.Line);
        var text = error.ToString();
        Assert.Contains("sites/ber-02.yaml:5", text, StringComparison.Ordinal);
        Assert.Contains("site 'ber-02'", text, StringComparison.Ordinal);
        Assert.Contains("field 'lis.port'", text, StringComparison.Ordinal);
        Assert.Contains("expected int", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_in_an_inherited_layer_points_at_that_layer()
    {
        var fleet = OpenWith("regions/eu-north.yaml", "vars:\n  log_level: verbose\n");

        var error = Assert.Single(fleet.Validate());
        Assert.Equal("osl-01", error.SiteId);
        Assert.Equal("log_level", error.Field);
        Assert.Equal("regions/eu-north.yaml", error.Location!.File);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_names_site_file()
    {
        var files = SmallFleet.Files();
        files["fleet.yaml"] = "name: f\nvars:\n  log_level: info\n";
        files["distributions/no-hospital.yaml"] = "vars:\n  locale: nb_NO\n";
        _repo.Commit(files);

        var errors = _repo.Open().Validate().Where(e => e.SiteId == "osl-01").ToList();
        Assert.Contains(errors, e => e.Field == "lis.host" && e.Location!.File == "sites/osl-01.yaml" && e.Message.Contains("required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "lis.port");
    }

    [Fact]
    public void List_items_are_checked_with_their_index()
    {
        var fleet = OpenWith("sites/ber-02.yaml", """
            region: eu-west
            distribution: de-hospital
            vars:
              instruments:
                - id: ok-1
                  protocol: hl7
                - id: Bad_Id
                  protocol: poct1
            """);

        var errors = fleet.Validate();
        Assert.Contains(errors, e => e.Field == "instruments[1].protocol" && e.Location!.Line == 8);
        Assert.Contains(errors, e => e.Field == "instruments[1].id" && e.Message.Contains("pattern", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Range_is_checked()
    {
        var fleet = OpenWith("sites/ber-02.yaml", "region: eu-west\ndistribution: de-hospital\nvars:\n  lis:\n    port: 70000\n");
        var error = Assert.Single(fleet.Validate());
        Assert.Contains("above the maximum 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_refuses_a_site_that_fails_the_schema()
    {
        var fleet = OpenWith("sites/ber-02.yaml", "region: eu-west\ndistribution: de-hospital\nvars:\n  lis:\n    port: no\n");
        var ex = Assert.Throws<FleetException>(() => TestEngine.Renderer(fleet).Render("ber-02"));
        Assert.Contains("sites/ber-02.yaml:5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("field 'lis.port'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_schema_declaration_names_schema_line()
    {
        var files = SmallFleet.Files();
        files["schema.yaml"] = "fields:\n  lis.host: { type: text }\n";
        _repo.Commit(files);
        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        Assert.Contains("schema.yaml:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown type 'text'", ex.Message, StringComparison.Ordinal);
    }
}
