using Outpost.Fleet;
using Outpost.Hub.Events;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>A hub following a real Git fleet repository: sites created from the inventory, rendered bundles published and applied by a real agent.</summary>
public sealed class FleetFollowerTests
{
    [Fact]
    public async Task The_follower_renders_on_start_and_a_joined_inventory_site_converges_to_the_rendered_files()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));

        var status = await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        Assert.Equal(12, status.Sites);
        Assert.Equal(12, status.Changed);
        Assert.Equal(0, status.Failed);
        Assert.Empty(status.Errors);
        Assert.Equal(12, status.CreatedSites.Count);
        Assert.Equal(12, status.Revisions.Sum(r => r.Sites.Count));
        Assert.All(status.Revisions, r => Assert.Equal($"fleet@{repo.Head[..12]}+{r.ContentHash[..12]}", r.Name));

        // Sites come from the inventory with region and labels; the distribution becomes a label.
        var site = await hub.SiteAsync("de-ber-charite-01");
        Assert.Equal("eu-central", site.Region);
        Assert.Equal("de-klinikum", site.Labels["distribution"]);
        Assert.Equal("lab-edge", site.Labels["role"]);
        Assert.NotNull(site.DesiredRevision);

        // The operator only issues a join token.
        var agentDir = await hub.JoinExistingAsync("de-ber-charite-01");
        hub.RunAgent("de-ber-charite-01");
        await hub.WaitForSiteAsync("de-ber-charite-01", s => s.AppliedRevision == site.DesiredRevision, "rendered bundle applied");

        var expected = new FleetRenderer(FleetRepository.Open(repo.Root, "main")).Render("de-ber-charite-01");
        var current = BundleDirectory.Current(agentDir);
        Assert.Equal(expected.Files.Select(f => f.Path).Order(StringComparer.Ordinal), current.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected.Files, f => Assert.Equal(f.Text, current[f.Path]));

        var events = await hub.Client.GetAsync<List<HubEvent>>("/v1/events?site=de-ber-charite-01", CancellationToken.None);
        var named = Assert.Single(events, e => e.Kind == "fleet-revision");
        Assert.Contains(repo.Head, named.Data, StringComparison.Ordinal);
        Assert.Contains(site.DesiredRevision!, named.Data, StringComparison.Ordinal);
        Assert.Contains(expected.ContentHash, named.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_changing_one_sites_variable_gives_only_that_site_a_new_revision()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var before = await hub.DesiredRevisionsAsync();

        var commit = repo.Edit("sites/no-osl-ous-02.yaml", "host: lis-test.ous-hf.example", "host: lis-test2.ous-hf.example");
        var status = await hub.RefreshFleetAsync();

        Assert.Equal(commit, status.Commit);
        Assert.Equal(1, status.Changed);
        Assert.Equal(11, status.Unchanged);
        var revision = Assert.Single(status.Revisions);
        Assert.Equal(["no-osl-ous-02"], revision.Sites);
        // Incremental: only the changed site was rendered, the others were reused from the previous commit's render.
        Assert.Equal(1, status.Rendered);
        Assert.Equal(11, status.Reused);

        var after = await hub.DesiredRevisionsAsync();
        Assert.Equal(revision.Revision, after["no-osl-ous-02"]);
        Assert.NotEqual(before["no-osl-ous-02"], after["no-osl-ous-02"]);
        Assert.All(before.Keys.Where(id => id != "no-osl-ous-02"), id => Assert.Equal(before[id], after[id]));

        // Nothing new to do when the branch has not moved.
        var again = await hub.RefreshFleetAsync();
        Assert.Equal(commit, again.Commit);
        Assert.Equal(after, await hub.DesiredRevisionsAsync());
    }

    [Fact]
    public async Task A_template_error_names_file_line_and_site_and_the_other_sites_still_update()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var before = await hub.DesiredRevisionsAsync();
        const string template = "bundles/nginx/templates/nginx.conf.j2";
        var original = repo.Read(template);

        // nginx goes to every site; the change breaks it for one site only.
        File.WriteAllText(Path.Combine(repo.Root, template), original + "# change for all sites\n{% if site.id == \"no-osl-ous-01\" %}{{ no_such_variable }}{% endif %}\n");
        var broken = repo.CommitAll("break nginx for one site");
        var status = await hub.RefreshFleetAsync();

        Assert.Equal(broken, status.Commit);
        Assert.Equal(["no-osl-ous-01"], status.FailedSites);
        Assert.Equal(11, status.Changed);
        var error = Assert.Single(status.Errors);
        Assert.Equal("no-osl-ous-01", error.Site);
        Assert.EndsWith(template, error.File, StringComparison.Ordinal);
        Assert.True(error.Line > 0, error.Text);
        Assert.Contains("no_such_variable", error.Text, StringComparison.Ordinal);
        var after = await hub.DesiredRevisionsAsync();
        Assert.Equal(before["no-osl-ous-01"], after["no-osl-ous-01"]);
        Assert.All(before.Keys.Where(id => id != "no-osl-ous-01"), id => Assert.NotEqual(before[id], after[id]));
        var events = await hub.Client.GetAsync<List<HubEvent>>("/v1/events?site=no-osl-ous-01", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == "fleet-render-failed" && e.Data.Contains("no_such_variable", StringComparison.Ordinal));

        // Fixed in the next commit: the failed site catches up, the others have nothing new.
        File.WriteAllText(Path.Combine(repo.Root, template), original + "# change for all sites\n");
        var fixedCommit = repo.CommitAll("fix nginx");
        var healed = await hub.RefreshFleetAsync();
        Assert.Equal(fixedCommit, healed.Commit);
        Assert.Empty(healed.Errors);
        Assert.Equal(["no-osl-ous-01"], healed.Revisions.SelectMany(r => r.Sites));
    }

    [Fact]
    public async Task Removed_inventory_sites_and_hub_only_sites_are_left_alone()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.AddSiteAsync("lab-manual-01", "eu-west", new() { ["tier"] = "canary" });
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var before = await hub.DesiredRevisionsAsync();

        var commit = repo.Delete("sites/at-graz-lkh-01.yaml");
        var status = await hub.RefreshFleetAsync();

        Assert.Equal(commit, status.Commit);
        Assert.Equal(["at-graz-lkh-01"], status.RemovedSites);
        Assert.Equal(11, status.Sites);
        Assert.Equal(0, status.Changed);
        var removed = await hub.SiteAsync("at-graz-lkh-01");
        Assert.Null(removed.RevokedAt);
        Assert.Equal(before["at-graz-lkh-01"], removed.DesiredRevision);
        var manual = await hub.SiteAsync("lab-manual-01");
        Assert.Equal("eu-west", manual.Region);
        Assert.Equal("canary", Assert.Single(manual.Labels).Value);
        Assert.Null(manual.DesiredRevision);
    }
}
