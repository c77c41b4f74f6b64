namespace Outpost.Fleet.Tests;

public sealed class FleetRendererTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Bundle_files_are_ordered_and_partials_are_not_rendered()
    {
        _repo.Commit(SmallFleet.Files());
        var bundle = TestEngine.Renderer(_repo.Open()).Render("ber-02");

        Assert.Equal(["base/site.txt", "gateway/gateway.conf"], bundle.Files.Select(f => f.Path));
        Assert.Equal(["base", "gateway"], bundle.Parts.Select(p => p.BundleName));
        Assert.Equal(64, bundle.ContentHash.Length);
    }

    [Fact]
    public void Content_hash_depends_only_on_content()
    {
        _repo.Commit(SmallFleet.Files());
        var renderer = TestEngine.Renderer(_repo.Open());
        var first = renderer.Render("ber-02");
        var again = TestEngine.Renderer(_repo.Open()).Render("ber-02");
        var other = renderer.Render("osl-01");

        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(first.InputHash, again.InputHash);
        Assert.NotEqual(first.ContentHash, other.ContentHash);
        Assert.Equal(first.ContentHash, RenderedBundle.ComputeContentHash(first.Files.Reverse()));
    }

    [Fact]
    public void Static_files_are_copied_byte_for_byte()
    {
        var files = SmallFleet.Files();
        files["bundles/base/files/ca/root.pem"] = "-----BEGIN CERTIFICATE-----\n{{ not a template }}\n";
        _repo.Commit(files);
        var bundle = TestEngine.Renderer(_repo.Open()).Render("osl-01");
        Assert.Equal("-----BEGIN CERTIFICATE-----\n{{ not a template }}\n", bundle["base/ca/root.pem"]!.Text);
    }

    [Fact]
    public void Foreach_renders_one_file_per_item_with_item_in_the_path()
    {
        var files = SmallFleet.Files();
        files["bundles/gateway/templates/instrument.conf.j2"] = "id={{ item.id }} protocol={{ item.protocol }} site={{ site.id }} lis={{ lis.host }}:{{ lis.port }}\n";
        _repo.Commit(files);
        var bundle = TestEngine.Renderer(_repo.Open()).Render("ber-01");

        Assert.Equal("id=cobas-1 protocol=hl7 site=ber-01 lis=lis.de.example:4000\n", bundle["gateway/instruments/cobas-1.conf"]!.Text);
        Assert.Equal("id=sysmex-1 protocol=astm site=ber-01 lis=lis.de.example:4000\n", bundle["gateway/instruments/sysmex-1.conf"]!.Text);
    }

    [Fact]
    public void Includes_resolve_in_the_bundle_then_in_partials()
    {
        var files = SmallFleet.Files();
        files["partials/header.j2"] = "# managed by outpost for {{ site.id }}\n";
        files["bundles/gateway/templates/gateway.conf.j2"] = "{% include 'header.j2' %}{% include '_partial.j2' %}";
        _repo.Commit(files);
        var bundle = TestEngine.Renderer(_repo.Open()).Render("ber-02");
        Assert.Equal("# managed by outpost for ber-02\nnever rendered alone\n", bundle["gateway/gateway.conf"]!.Text);
    }

    [Fact]
    public void Template_errors_name_site_bundle_template_and_line()
    {
        var files = SmallFleet.Files();
        files["bundles/gateway/templates/gateway.conf.j2"] = "ok\nport={{ lis.nope }}\n";
        _repo.Commit(files);
        var ex = Assert.Throws<FleetException>(() => TestEngine.Renderer(_repo.Open()).Render("ber-02"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("ber-02", error.SiteId);
        Assert.Equal("gateway", error.Bundle);
        Assert.Equal("bundles/gateway/templates/gateway.conf.j2", error.Location!.File);
    }

    [Fact]
    public void RenderAll_collects_failures_per_site_and_renders_the_rest()
    {
        var files = SmallFleet.Files();
        files["sites/ber-02.yaml"] = "region: eu-west\ndistribution: de-hospital\nvars:\n  log_level: loud\n";
        _repo.Commit(files);
        var progress = new List<SiteRenderProgress>();
        var result = TestEngine.Renderer(_repo.Open()).RenderAll(new FleetRenderOptions { Progress = new SyncProgress<SiteRenderProgress>(progress.Add) });

        Assert.Equal(["ber-01", "osl-01"], result.Bundles.Select(b => b.SiteId));
        Assert.Equal(["ber-02"], result.FailedSites);
        Assert.Contains(result.Errors, e => e.SiteId == "ber-02" && e.Field == "log_level");
        Assert.Equal(3, progress.Count);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void A_fleet_folder_inside_a_repository_is_found_from_its_path()
    {
        var files = SmallFleet.Files().ToDictionary(kv => "ops/fleet/" + kv.Key, kv => kv.Value);
        files["README.md"] = "not part of the fleet\n";
        _repo.Commit(files);
        var fleet = FleetRepository.Open(Path.Combine(_repo.Root, "ops", "fleet"));

        Assert.Equal("ops/fleet", fleet.Subdirectory);
        Assert.Equal(3, fleet.Inventory.Sites.Count);
        Assert.Equal("ops/fleet/sites/ber-01.yaml", fleet.Inventory["ber-01"].File);
    }

    [Fact]
    public void Reads_the_committed_revision_not_the_work_tree()
    {
        var first = _repo.Commit(SmallFleet.Files());
        _repo.Commit("sites/new-01.yaml", "region: eu-west\ndistribution: de-hospital\n");
        File.WriteAllText(Path.Combine(_repo.Root, "sites", "dirty-01.yaml"), "region: eu-west\ndistribution: de-hospital\n");

        Assert.Equal(4, _repo.Open().Inventory.Sites.Count);
        var old = _repo.Open(first[..10]);
        Assert.Equal(3, old.Inventory.Sites.Count);
        Assert.Equal(first, old.CommitId);
        Assert.Equal(4, _repo.Open("HEAD").Inventory.Sites.Count);
        Assert.Throws<FleetException>(() => _repo.Open("no-such-branch"));
    }
}

/// <summary>IProgress that reports on the calling thread, unlike Progress&lt;T&gt;.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
