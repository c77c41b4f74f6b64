using Outpost.Agent.Identity;
using Outpost.IntegrationTests.Support;
using Outpost.Protocol.Pki;

namespace Outpost.IntegrationTests;

/// <summary>Join tokens are single-use, expiring and pin the hub's CA; bad input changes nothing.</summary>
public sealed class EnrollmentTests
{
    [Fact]
    public async Task A_token_works_once_and_a_second_use_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-once-01");
        await AgentEnroller.JoinAsync(hub.Url, token.Token, hub.AgentDir("lab-once-01"), null, CancellationToken.None);

        var again = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, Path.Combine(hub.Root, "thief"), null, CancellationToken.None));
        Assert.Contains("already used", again.Message, StringComparison.Ordinal);
        Assert.False(AgentIdentity.Exists(Path.Combine(hub.Root, "thief")));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-late-01");
        hub.Clock.Advance(TimeSpan.FromHours(25));

        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, hub.AgentDir("lab-late-01"), null, CancellationToken.None));
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.False(AgentIdentity.Exists(hub.AgentDir("lab-late-01")));
    }

    [Fact]
    public async Task A_token_pinning_another_CA_is_refused_before_anything_is_sent()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-pin-01");
        Assert.True(JoinToken.TryParse(token.Token, out var parsed));
        var wrongPin = parsed with { CaPin = new string('0', 64) };

        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, wrongPin.ToString(), hub.AgentDir("lab-pin-01"), null, CancellationToken.None));
        Assert.Contains("does not match the pin", error.Message, StringComparison.Ordinal);

        // The token itself was not spent by the refused attempt.
        await AgentEnroller.JoinAsync(hub.Url, token.Token, hub.AgentDir("lab-pin-01"), null, CancellationToken.None);
    }

    [Theory]
    [InlineData("not-a-token", "malformed")]
    [InlineData("OP10000000000000000000000000000000000000000000000000000000000000000::abc.0123456789abcdef0123", "does not match the pin")]
    public async Task Unknown_or_malformed_tokens_are_refused(string token, string expected)
    {
        await using var hub = await TestHub.StartAsync();
        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token, hub.AgentDir("x"), null, CancellationToken.None));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_with_the_right_pin_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        var real = await hub.AddSiteAsync("lab-real-01");
        Assert.True(JoinToken.TryParse(real.Token, out var parsed));
        var forged = parsed with { Id = "ffffffffffff" };

        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, forged.ToString(), hub.AgentDir("forged"), null, CancellationToken.None));
        Assert.Contains("unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joining_a_hub_that_is_not_there_says_so()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-nohub-01");
        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync($"https://127.0.0.1:{TestHub.FreePort()}", token.Token, hub.AgentDir("lab-nohub-01"), null, CancellationToken.None));
        Assert.Contains("no hub answers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joining_a_hub_whose_certificate_this_computers_clock_finds_not_yet_valid_names_the_clock()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.AddSiteAsync("lab-clock-01");
        // The hub's clock runs 250 days ahead: it issues its next serving certificate from then, as a hub would whose
        // lab computer's clock is 250 days behind.
        hub.Clock.Advance(TimeSpan.FromDays(250));

        var error = await Assert.ThrowsAsync<JoinException>(() => AgentEnroller.JoinAsync(hub.Url, token.Token, hub.AgentDir("lab-clock-01"), null, CancellationToken.None));

        Assert.StartsWith($"cannot trust the hub at {hub.Url}: the hub's certificate is valid from ", error.Message, StringComparison.Ordinal);
        Assert.Contains("but this computer's clock says", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; set the clock (NTP) and try again", error.Message, StringComparison.Ordinal);
        Assert.False(AgentIdentity.Exists(hub.AgentDir("lab-clock-01")));
    }
}
