using System.Security.Cryptography.X509Certificates;
using Outpost.Agent.Identity;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>Site certificates are short-lived and renewed over the session before they expire.</summary>
public sealed class RenewalTests
{
    [Fact]
    public async Task An_agent_renews_its_certificate_over_the_session_past_two_thirds_of_its_lifetime()
    {
        await using var hub = await TestHub.StartAsync(certificateLifetime: TimeSpan.FromHours(3));
        await hub.JoinAsync("lab-renew");
        var before = AgentIdentity.Load(hub.AgentDir("lab-renew"));
        using var first = X509Certificate2.CreateFromPem(before.CertificatePem);

        // The agent's clock says 2.5 of the certificate's 3 hours have passed.
        var agentClock = new AdjustableClock();
        agentClock.Advance(TimeSpan.FromHours(2.5));
        hub.RunAgent("lab-renew", time: agentClock);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        AgentIdentity after;
        while ((after = AgentIdentity.Load(hub.AgentDir("lab-renew"))).CertificatePem == before.CertificatePem)
        {
            Assert.True(DateTime.UtcNow < deadline, "the certificate was not renewed");
            await Task.Delay(50);
        }

        using var renewed = X509Certificate2.CreateFromPem(after.CertificatePem, after.PrivateKeyPem);
        Assert.Equal("lab-renew", renewed.GetNameInfo(X509NameType.SimpleName, false));
        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.NotEqual(before.PrivateKeyPem, after.PrivateKeyPem);
        var events = await hub.Client.GetAsync<List<Outpost.Hub.Events.HubEvent>>("/v1/events?site=lab-renew", CancellationToken.None);
        Assert.Contains(events, e => e.Kind == "certificate-renewed");

        // The renewed certificate is good for a new session.
        await hub.WaitForSiteAsync("lab-renew", s => s.Online, "online");
        await using var session = await IsolationTests.Connect(hub, after);
        Assert.Equal("lab-renew", session.Welcome.SiteId);
    }
}
