namespace Outpost.Fleet.Tests;

public sealed class BundlePathGuardTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/x")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("a/./b")]
    [InlineData("a\\..\\b")]
    [InlineData("a\nb")]
    [InlineData("a/ /b")]
    public void Unsafe_paths_are_refused(string path) => Assert.NotNull(BundlePathGuard.Check(path));

    [Theory]
    [InlineData("gateway.conf")]
    [InlineData("instruments/cobas-8000.conf")]
    [InlineData("k8s/10-namespace.yaml")]
    [InlineData("..hidden/x")]
    public void Safe_paths_pass(string path) => Assert.Null(BundlePathGuard.Check(path));

    [Fact]
    public void ResolveUnder_stays_inside_the_output_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "guard-root");
        Assert.StartsWith(root, BundlePathGuard.ResolveUnder(root, "a/b.conf"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BundlePathGuard.ResolveUnder(root, "../x"));
    }

    [Fact]
    public void Escaping_output_path_is_refused_naming_template_and_site()
    {
        var files = SmallFleet.Files();
        files["bundles/base/bundle.yaml"] = """
            files:
              site.txt.j2:
                path: "../../etc/cron.d/evil"
            """;
        _repo.Commit(files);
        var fleet = _repo.Open();

        var ex = Assert.Throws<FleetException>(() => TestEngine.Renderer(fleet).Render("osl-01"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("osl-01", error.SiteId);
        Assert.Equal("base", error.Bundle);
        Assert.Equal("templates/site.txt.j2", error.Template);
        Assert.Equal("bundles/base/bundle.yaml", error.Location!.File);
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
        Assert.Contains("site 'osl-01'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaping_bundle_root_is_refused_when_loading()
    {
        var files = SmallFleet.Files();
        files["bundles/base/bundle.yaml"] = "root: /etc\n";
        _repo.Commit(files);

        var ex = Assert.Throws<FleetException>(() => _repo.Open());
        Assert.Contains("bundles/base/bundle.yaml:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("absolute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Templated_path_that_renders_outside_is_refused()
    {
        var files = SmallFleet.Files();
        files["sites/ber-01.yaml"] = files["sites/ber-01.yaml"]!.Replace("id: sysmex-1", "id: ../../sysmex", StringComparison.Ordinal);
        files["schema.yaml"] = "fields: {}\n";
        _repo.Commit(files);
        var fleet = _repo.Open();

        var ex = Assert.Throws<FleetException>(() => TestEngine.Renderer(fleet).Render("ber-01"));
        Assert.Contains(ex.Errors, e => e.SiteId == "ber-01" && e.Template == "templates/instrument.conf.j2" && e.Message.Contains("refused", StringComparison.Ordinal));
    }
}
