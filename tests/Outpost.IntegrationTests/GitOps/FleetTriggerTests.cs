using System.Net;
using System.Security.Cryptography;
using System.Text;
using Outpost.Hub.GitOps;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>How the follower learns of a commit: polling, the operator refresh, a webhook with a shared secret, a remote over git daemon.</summary>
public sealed class FleetTriggerTests
{
    [Fact]
    public async Task Polling_picks_up_a_new_commit_without_a_refresh()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root, pollSeconds: 1));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");

        var commit = repo.Edit("sites/de-muc-lmu-01.yaml", "region: eu-central", "region: eu-central\n# polled");

        var status = await hub.WaitForFleetAsync(s => s.Commit == commit, "polled commit applied");
        Assert.Equal(0, status.Changed);
        Assert.Equal(12, status.Unchanged);
    }

    [Fact]
    public async Task The_webhook_needs_the_shared_secret_and_then_triggers_a_sync()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root, webhookSecret: "s3cret-hook"));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var commit = repo.Edit("sites/de-muc-lmu-01.yaml", "region: eu-central", "region: eu-central\n# hooked");
        using var http = InsecureLoopbackClient(hub.Url);
        var body = """{"ref":"refs/heads/main"}""";

        using (var wrong = await http.SendAsync(Hook(body, "sha256=" + new string('0', 64))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-hook"), Encoding.UTF8.GetBytes(body)));
        using (var signed = await http.SendAsync(Hook(body, signature)))
        {
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        }

        await hub.WaitForFleetAsync(s => s.Commit == commit, "commit applied after the webhook");
    }

    [Fact]
    public async Task A_remote_repository_served_by_git_daemon_is_followed()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        using var daemon = await GitDaemon.ServeAsync(repo);
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(daemon.Url));
        var first = await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied", seconds: 90);
        Assert.Equal(12, first.Changed);

        var commit = repo.Edit("sites/no-trd-stolav-01.yaml", "region: eu-north", "region: eu-north\n# remote");
        daemon.Push(repo);
        var status = await hub.RefreshFleetAsync();

        Assert.Equal(commit, status.Commit);
        Assert.Empty(status.RepositoryErrors);
    }

    [Fact]
    public async Task A_hub_without_a_fleet_repository_says_so()
    {
        await using var hub = await TestHub.StartAsync();

        var status = await hub.FleetStatusAsync();
        Assert.False(status.Enabled);
        var refused = await Assert.ThrowsAsync<Outpost.Cli.CliException>(() => hub.RefreshFleetAsync());
        Assert.Contains("--fleet-repo", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_status_and_refresh_work_through_the_executable()
    {
        using var repo = FleetGitRepo.CreateFromExample();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var commit = repo.Edit("sites/no-osl-ous-02.yaml", "host: lis-test.ous-hf.example", "host: lis-cli.ous-hf.example");

        var refresh = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "fleet", "refresh");
        Assert.Equal(0, refresh.ExitCode);
        Assert.Contains(commit, refresh.Stdout, StringComparison.Ordinal);
        Assert.Contains($"fleet@{commit[..12]}+", refresh.Stdout, StringComparison.Ordinal);

        var json = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "fleet", "status", "-o", "json");
        Assert.Equal(0, json.ExitCode);
        var status = System.Text.Json.JsonSerializer.Deserialize<FleetStatus>(json.Stdout, Outpost.Cli.Operator.HubClient.Json)!;
        Assert.Equal(commit, status.Commit);
        Assert.Equal(["no-osl-ous-02"], Assert.Single(status.Revisions).Sites);
    }

    private static HttpRequestMessage Hook(string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/fleet/hook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }

    /// <summary>A Git server's view: no operator token, no pinned CA (the test only talks to its own loopback hub).</summary>
    private static HttpClient InsecureLoopbackClient(string url) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { BaseAddress = new Uri(url) };
}
