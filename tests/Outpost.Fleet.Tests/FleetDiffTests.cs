namespace Outpost.Fleet.Tests;

public sealed class FleetDiffTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Blast_radius_counts_sites_and_lists_files()
    {
        var from = _repo.Commit(SmallFleet.Files(), "initial");
        var to = _repo.Commit(new Dictionary<string, string?>
        {
            // Only lab-edge sites get the gateway bundle: two sites change.
            ["bundles/gateway/templates/gateway.conf.j2"] = "gateway config\nretries: 5\n",
            ["sites/osl-02.yaml"] = "region: eu-north\ndistribution: no-hospital\n",
            ["sites/ber-02.yaml"] = null,
        }, "retry more");

        var diff = FleetDiff.Compare(_repo.Root, from, to, TestEngine.DiffOptions(patch: true));

        Assert.Equal(from, diff.FromCommit);
        Assert.Equal(to, diff.ToCommit);
        Assert.Equal(4, diff.TotalSites);
        Assert.Equal(1, diff.Added);
        Assert.Equal(1, diff.Removed);
        Assert.Equal(1, diff.Modified);
        Assert.Equal(1, diff.Unchanged);
        Assert.Equal(["ber-01", "ber-02", "osl-02"], diff.Sites.Select(s => s.SiteId));

        var modified = diff.Sites[0];
        Assert.Equal(ChangeKind.Modified, modified.Kind);
        var file = Assert.Single(modified.Files);
        Assert.Equal("gateway/gateway.conf", file.Path);
        Assert.Equal(ChangeKind.Modified, file.Kind);
        Assert.Contains("--- a/ber-01/gateway/gateway.conf", file.Patch, StringComparison.Ordinal);
        Assert.Contains("+retries: 5\n", file.Patch, StringComparison.Ordinal);

        Assert.Equal(ChangeKind.Removed, diff.Sites[1].Kind);
        Assert.All(diff.Sites[1].Files, f => Assert.Equal(ChangeKind.Removed, f.Kind));
        Assert.Equal(ChangeKind.Added, diff.Sites[2].Kind);
        Assert.Equal(["base/site.txt"], diff.Sites[2].Files.Select(f => f.Path));
    }

    [Fact]
    public void Unchanged_sites_are_reused_not_rendered_again()
    {
        var from = _repo.Commit(SmallFleet.Files());
        var to = _repo.Commit("bundles/base/templates/motd.j2", "hello\n");

        var diff = FleetDiff.Compare(_repo.Root, from, to, TestEngine.DiffOptions());

        Assert.Equal(3, diff.Modified);
        Assert.All(diff.Sites, s => Assert.Equal(["base/motd"], s.Files.Select(f => f.Path)));
        Assert.Null(diff.Sites[0].Files[0].Patch);
        // Only the base bundle changed, so each site's gateway part (where it has one) was reused.
        Assert.Equal(2, diff.To.PartsReused);
        Assert.Equal(3, diff.To.PartsRendered);
    }

    [Fact]
    public void Variable_change_touches_only_sites_that_inherit_it()
    {
        var files = SmallFleet.Files();
        files["bundles/base/templates/site.txt.j2"] = "log={{ log_level }}\n";
        var from = _repo.Commit(files);
        var to = _repo.Commit("regions/eu-north.yaml", "vars:\n  log_level: error\n");

        var diff = FleetDiff.Compare(_repo.Root, from, to, TestEngine.DiffOptions(patch: true));

        var site = Assert.Single(diff.Sites);
        Assert.Equal("osl-01", site.SiteId);
        Assert.Contains("-log=warn\n+log=error\n", site.Files[0].Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_broken_by_the_change_is_reported_as_failed()
    {
        var from = _repo.Commit(SmallFleet.Files());
        var to = _repo.Commit("sites/ber-02.yaml", "region: eu-west\ndistribution: de-hospital\nvars:\n  lis:\n    port: -1\n");
        var diff = FleetDiff.Compare(_repo.Root, from, to, TestEngine.DiffOptions());
        var site = Assert.Single(diff.Sites);
        Assert.Equal(ChangeKind.Failed, site.Kind);
        Assert.Contains(site.Errors, e => e.Field == "lis.port");
    }
}
