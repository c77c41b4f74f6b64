using System.Text.Json;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>The operator commands through the real executable: output for scripts, and clear errors that change nothing.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Sites_add_prints_a_join_command_and_list_shows_the_site_as_json()
    {
        await using var hub = await TestHub.StartAsync();
        var config = hub.Host.OperatorConfigPath;

        var add = await OutpostProcess.RunAsync(config, "sites", "add", "lab-cli-01", "--region", "eu-central", "--label", "tier=canary", "--var", "tz=Europe/Zurich");
        Assert.Equal(0, add.ExitCode);
        Assert.StartsWith($"outpost agent join {hub.Url} --token OP1", add.Stdout.Trim(), StringComparison.Ordinal);

        var list = await OutpostProcess.RunAsync(config, "sites", "list", "-o", "json");
        Assert.Equal(0, list.ExitCode);
        var site = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("lab-cli-01", site.GetProperty("id").GetString());
        Assert.Equal("eu-central", site.GetProperty("region").GetString());
        Assert.Equal("canary", site.GetProperty("labels").GetProperty("tier").GetString());
        Assert.Equal("Europe/Zurich", site.GetProperty("vars").GetProperty("tz").GetString());
        Assert.False(site.GetProperty("online").GetBoolean());
    }

    [Theory]
    [InlineData("Lab_Bad", "malformed")]
    [InlineData("-lab", "malformed")]
    [InlineData("lab-dup", "already exists")]
    public async Task Bad_or_duplicate_site_ids_are_refused_and_nothing_changes(string id, string expected)
    {
        await using var hub = await TestHub.StartAsync();
        await hub.AddSiteAsync("lab-dup", labels: new() { ["tier"] = "canary" });

        var result = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "sites", "add", id, "--label", "tier=other");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        var sites = await hub.Client.GetAsync<List<Outpost.Hub.Sites.SiteRecord>>("/v1/sites", CancellationToken.None);
        Assert.Equal("canary", Assert.Single(sites).Labels["tier"]);
    }

    [Fact]
    public async Task Publishing_a_missing_directory_or_to_an_unknown_site_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.AddSiteAsync("lab-pub-01");
        var config = hub.Host.OperatorConfigPath;

        var missing = await OutpostProcess.RunAsync(config, "publish", Path.Combine(hub.Root, "nope"), "--site", "lab-pub-01");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var bundle = BundleDirectory.Create(hub.Root, "b", new Dictionary<string, string> { ["a"] = "a\n" });
        var unknown = await OutpostProcess.RunAsync(config, "publish", bundle, "--site", "lab-nobody");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("site 'lab-nobody' does not exist", unknown.Stderr, StringComparison.Ordinal);
        Assert.Null((await hub.SiteAsync("lab-pub-01")).DesiredRevision);
    }

    [Fact]
    public async Task Publishing_by_selector_skips_revoked_sites_and_a_revoked_site_named_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.AddSiteAsync("lab-sel-01", region: "eu-central", labels: new() { ["tier"] = "canary" });
        await hub.AddSiteAsync("lab-sel-02", region: "us-east", labels: new() { ["tier"] = "canary" });
        await hub.AddSiteAsync("lab-sel-03", region: "eu-central", labels: new() { ["tier"] = "canary" });
        await hub.Client.PostAsync<JsonElement>("/v1/sites/lab-sel-03/revoke", new { }, CancellationToken.None);
        var config = hub.Host.OperatorConfigPath;
        var bundle = BundleDirectory.Create(hub.Root, "b", new Dictionary<string, string> { ["a"] = "a\n" });

        var selected = await OutpostProcess.RunAsync(config, "publish", bundle, "--selector", "tier=canary,region=eu-central");
        Assert.Equal(0, selected.ExitCode);
        Assert.NotNull((await hub.SiteAsync("lab-sel-01")).DesiredRevision);
        Assert.Null((await hub.SiteAsync("lab-sel-02")).DesiredRevision);
        Assert.Null((await hub.SiteAsync("lab-sel-03")).DesiredRevision);

        var revoked = await OutpostProcess.RunAsync(config, "publish", bundle, "--site", "lab-sel-02", "--site", "lab-sel-03");
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("site 'lab-sel-03' is revoked", revoked.Stderr, StringComparison.Ordinal);
        Assert.Null((await hub.SiteAsync("lab-sel-02")).DesiredRevision);

        var none = await OutpostProcess.RunAsync(config, "publish", bundle, "--selector", "tier=nightly");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no site matches selector 'tier=nightly'", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_commands_say_when_no_hub_answers_or_no_config_exists()
    {
        await using var hub = await TestHub.StartAsync();
        var config = hub.Host.OperatorConfigPath;
        await hub.StopHubAsync();

        var down = await OutpostProcess.RunAsync(config, "sites", "list");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains($"no hub answers at {hub.Url}", down.Stderr, StringComparison.Ordinal);

        var none = await OutpostProcess.RunAsync(Path.Combine(hub.Root, "missing.json"), "sites", "list");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no operator config", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_telemetry_retention_under_a_day_is_refused_before_the_hub_starts()
    {
        var dir = Directory.CreateTempSubdirectory("outpost-cli-retention-").FullName;
        try
        {
            var flag = await OutpostProcess.RunAsync(null, "hub", "--data-dir", Path.Combine(dir, "hub"), "--listen", "https://127.0.0.1:0", "--telemetry-retention-days", "0.5");
            var file = Path.Combine(dir, "hub.json");
            File.WriteAllText(file, """{ "telemetryRetentionDays": 0 }""");
            var fromFile = await OutpostProcess.RunAsync(null, "hub", "--config-file", file, "--data-dir", Path.Combine(dir, "hub"), "--listen", "https://127.0.0.1:0");

            Assert.Equal((1, true), (flag.ExitCode, flag.Stderr.Contains("--telemetry-retention-days must be at least 1 (days), not 0.5", StringComparison.Ordinal)));
            Assert.Equal((1, true), (fromFile.ExitCode, fromFile.Stderr.Contains($"{file}: telemetryRetentionDays must be at least 1 (days), not 0", StringComparison.Ordinal)));
            Assert.False(Directory.Exists(Path.Combine(dir, "hub")), "nothing was created");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
