using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task An_agent_whose_certificate_expired_while_it_was_off_says_so_and_how_to_rejoin()
    {
        await using var hub = await TestHub.StartAsync();
        var dir = await hub.JoinAsync("lab-expired");

        // The certificate the agent holds ran out ten days ago (issued by the hub's CA while its clock said 40 days ago).
        var identity = AgentIdentity.Load(dir);
        var (key, csr) = Outpost.Protocol.Pki.CsrFactory.Create("outpost-agent");
        using (key)
        {
            hub.Clock.Advance(TimeSpan.FromDays(-40));
            using var old = hub.Host.Services.GetRequiredService<Outpost.Hub.Pki.CertificateAuthority>().IssueSiteCertificate(csr, "lab-expired", TimeSpan.FromDays(30));
            hub.Clock.Advance(TimeSpan.FromDays(40));
            identity.CertificatePem = old.ExportCertificatePem();
            identity.PrivateKeyPem = key.ExportPkcs8PrivateKeyPem();
            identity.Save(dir);
        }

        var output = await OutpostProcess.RunUntilAsync(line => line.Contains("Not connected", StringComparison.Ordinal), TimeSpan.FromSeconds(30), null, "agent", "run", "--data-dir", dir);

        Assert.Contains("this site's certificate expired at ", output, StringComparison.Ordinal);
        Assert.Contains("join it again: 'outpost sites token lab-expired' gives a new token", output, StringComparison.Ordinal);
        Assert.False((await hub.SiteAsync("lab-expired")).Online);
    }
}
