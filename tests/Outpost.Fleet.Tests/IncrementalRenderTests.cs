namespace Outpost.Fleet.Tests;

public sealed class IncrementalRenderTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static FleetRenderResult RenderAll(FleetRepository fleet, FleetRenderResult? previous = null) =>
        TestEngine.Renderer(fleet).RenderAll(new FleetRenderOptions { Previous = previous });

    [Fact]
    public void Nothing_is_rendered_again_when_nothing_changed()
    {
        _repo.Commit(SmallFleet.Files());
        var first = RenderAll(_repo.Open());
        _repo.Commit("README.md", "docs only\n");
        var second = RenderAll(_repo.Open(), first);

        Assert.Equal(5, first.PartsRendered);
        Assert.Equal(0, second.PartsRendered);
        Assert.Equal(5, second.PartsReused);
        Assert.Equal(3, second.SitesReused);
        Assert.Equal(first.Bundles.Select(b => b.ContentHash), second.Bundles.Select(b => b.ContentHash));
    }

    [Fact]
    public void Changing_one_sites_variables_re_renders_only_that_site()
    {
        _repo.Commit(SmallFleet.Files());
        var first = RenderAll(_repo.Open());
        _repo.Commit("sites/ber-02.yaml", "region: eu-west\ndistribution: de-hospital\nlabels:\n  role: lab-edge\nvars:\n  log_level: debug\n");
        var fleet = _repo.Open();
        var second = RenderAll(fleet, first);

        Assert.Equal(1, second.SitesRendered);
        Assert.Equal(2, second.SitesReused);
        Assert.Equal(2, second.PartsRendered);
        AssertSameAsFullRender(fleet, second);
    }

    [Fact]
    public void Changing_a_bundle_template_re_renders_that_bundle_only()
    {
        _repo.Commit(SmallFleet.Files());
        var first = RenderAll(_repo.Open());
        _repo.Commit("bundles/gateway/templates/gateway.conf.j2", "gateway config v2\n");
        var fleet = _repo.Open();
        var second = RenderAll(fleet, first);

        Assert.Equal(2, second.PartsRendered); // gateway for ber-01 and ber-02
        Assert.Equal(3, second.PartsReused);   // base everywhere
        Assert.Equal(1, second.SitesReused);   // osl-01 has no gateway
        AssertSameAsFullRender(fleet, second);
    }

    [Fact]
    public void Changing_a_shared_layer_re_renders_the_sites_that_inherit_it()
    {
        _repo.Commit(SmallFleet.Files());
        var first = RenderAll(_repo.Open());
        _repo.Commit("distributions/de-hospital.yaml", "vars:\n  lis:\n    host: lis2.de.example\n");
        var fleet = _repo.Open();
        var second = RenderAll(fleet, first);

        Assert.Equal(2, second.SitesRendered);
        Assert.Equal(1, second.SitesReused);
        AssertSameAsFullRender(fleet, second);
    }

    [Fact]
    public void Changing_a_selector_or_label_moves_bundles()
    {
        _repo.Commit(SmallFleet.Files());
        var first = RenderAll(_repo.Open());
        _repo.Commit("bundles/gateway/bundle.yaml", "selector: \"role in (lab-edge, reference-lab)\"\n");
        var fleet = _repo.Open();
        var second = RenderAll(fleet, first);

        Assert.Contains("gateway/gateway.conf", second["osl-01"]!.Files.Select(f => f.Path));
        AssertSameAsFullRender(fleet, second);
    }

    [Fact]
    public void Changing_a_partial_re_renders_everything()
    {
        var files = SmallFleet.Files();
        files["partials/header.j2"] = "# v1\n";
        _repo.Commit(files);
        var first = RenderAll(_repo.Open());
        _repo.Commit("partials/header.j2", "# v2\n");
        var second = RenderAll(_repo.Open(), first);
        Assert.Equal(0, second.PartsReused);
    }

    private static void AssertSameAsFullRender(FleetRepository fleet, FleetRenderResult incremental)
    {
        var full = RenderAll(fleet);
        Assert.Equal(full.Bundles.Select(b => (b.SiteId, b.ContentHash, b.InputHash)), incremental.Bundles.Select(b => (b.SiteId, b.ContentHash, b.InputHash)));
    }
}
