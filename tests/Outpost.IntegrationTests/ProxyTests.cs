using Outpost.Agent.Identity;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>Hospital proxies that ask for a user and password: the agent gives them, and every refusal says whose it is, never with the password.</summary>
public sealed class ProxyTests
{
    private const string User = "lab-svc";
    private const string Password = "p@ss:w0rd/42";

    [Fact]
    public async Task An_agent_joins_and_converges_through_a_proxy_that_asks_for_a_user_and_password()
    {
        await using var proxy = new ConnectProxy().RequireCredentials(User, Password).Start();
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-authproxy");

        // Special characters percent-encoded in the URL, as curl and HTTPS_PROXY take them.
        var identity = await AgentEnroller.JoinAsync(hub.Url, token.Token, hub.AgentDir("lab-authproxy"), proxy.UrlWith(User, Password), CancellationToken.None);
        hub.RunAgent("lab-authproxy");
        var published = await hub.PublishAsync(BundleDirectory.Create(hub.Root, "ap", new Dictionary<string, string> { ["via"] = "authenticated proxy\n" }), "lab-authproxy");

        // `agent run` with no --proxy uses the one saved at join, credentials included.
        await hub.WaitForSiteAsync("lab-authproxy", s => s.AppliedRevision == published.Revision, "applied through the authenticating proxy");
        Assert.Equal("authenticated proxy\n", BundleDirectory.Current(hub.AgentDir("lab-authproxy"))["via"]);
        Assert.Equal("lab-authproxy", identity.SiteId);
        Assert.True(proxy.Tunnels.Count >= 3, $"tunnels: {string.Join(", ", proxy.Tunnels)}");
        // The proxy asked first (407) and the agent answered with the credentials from the URL, never wrong ones.
        Assert.Contains("no credentials", proxy.AuthRefusals);
        Assert.DoesNotContain("wrong credentials", proxy.AuthRefusals);
    }

    [Fact]
    public async Task A_refusing_proxy_is_named_in_the_error_without_the_password_and_the_token_stays_usable()
    {
        await using var proxy = new ConnectProxy().RequireCredentials(User, Password).Start();
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-refused");
        var dir = hub.AgentDir("lab-refused");
        var port = new Uri(proxy.Url).Port;

        var wrong = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, dir, proxy.UrlWith(User, "not-it-123"), CancellationToken.None));
        Assert.Equal($"cannot reach the hub at {hub.Url}: the proxy http://{User}:***@127.0.0.1:{port} does not accept the user and password in the proxy URL (HTTP 407)", wrong.Message);
        Assert.Contains("wrong credentials", proxy.AuthRefusals);

        var none = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, dir, proxy.Url, CancellationToken.None));
        Assert.Contains($"the proxy http://127.0.0.1:{port} asks for a user and password (HTTP 407); give them in the proxy URL, http://USER:PASSWORD@127.0.0.1:{port}", none.Message, StringComparison.Ordinal);

        var closedPort = TestHub.FreePort();
        var down = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, dir, $"http://{User}:secret-down@127.0.0.1:{closedPort}", CancellationToken.None));
        Assert.StartsWith($"cannot reach the hub at {hub.Url}: no proxy answers at http://{User}:***@127.0.0.1:{closedPort} (", down.Message, StringComparison.Ordinal);

        var malformed = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, dir, "socks5://user:hunter2@127.0.0.1:1080", CancellationToken.None));
        Assert.Equal("--proxy 'socks5://user:***@127.0.0.1:1080' is not an HTTP proxy URL like http://[USER:PASSWORD@]HOST:PORT", malformed.Message);

        foreach (var message in new[] { wrong.Message, none.Message, down.Message, malformed.Message })
        {
            Assert.DoesNotContain("not-it-123", message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-down", message, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
        }

        // Nothing reached the hub, so nothing changed: no identity here, and the same token still joins.
        Assert.False(AgentIdentity.Exists(dir));
        await AgentEnroller.JoinAsync(hub.Url, token.Token, dir, proxy.UrlWith(User, Password), CancellationToken.None);
        Assert.True(AgentIdentity.Exists(dir));
    }

    [Fact]
    public async Task A_running_agent_logs_why_it_cannot_connect_when_HTTPS_PROXY_has_the_wrong_password()
    {
        await using var proxy = new ConnectProxy().RequireCredentials(User, Password).Start();
        await using var hub = await TestHub.StartAsync();
        var dir = await hub.JoinAsync("lab-envproxy");
        var port = new Uri(proxy.Url).Port;

        var output = await OutpostProcess.RunUntilAsync(
            line => line.Contains("Not connected", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["HTTPS_PROXY"] = proxy.UrlWith(User, "stale-password"), ["NO_PROXY"] = "" },
            "agent", "run", "--data-dir", dir);

        Assert.Contains($"cannot reach the hub at {hub.Url}: the proxy http://{User}:***@127.0.0.1:{port} does not accept the user and password in the proxy URL (HTTP 407)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("stale-password", output, StringComparison.Ordinal);
        Assert.Contains("wrong credentials", proxy.AuthRefusals);
    }
}
