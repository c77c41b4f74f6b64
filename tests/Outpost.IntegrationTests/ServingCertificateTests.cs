using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Outpost.Hub.Pki;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>The hub's TLS certificate is issued again before it expires, so a hub up for more than a year keeps serving.</summary>
public sealed class ServingCertificateTests
{
    [Fact]
    public async Task After_two_thirds_of_its_year_the_hub_serves_a_new_certificate_for_the_same_names_from_the_same_CA()
    {
        await using var hub = await TestHub.StartAsync();
        var ca = hub.Host.Services.GetRequiredService<CertificateAuthority>().Certificate;
        using var first = await ServedCertificateAsync(hub.Port);
        using var again = await ServedCertificateAsync(hub.Port);
        Assert.Equal(first.SerialNumber, again.SerialNumber); // not one per handshake
        Assert.True(first.NotAfter - first.NotBefore > TimeSpan.FromDays(300), $"lifetime {first.NotAfter - first.NotBefore}");

        hub.Clock.Advance(TimeSpan.FromDays(250));
        using var renewed = await ServedCertificateAsync(hub.Port);

        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.True(renewed.NotAfter > first.NotAfter.AddDays(240), $"renewed until {renewed.NotAfter:O}, first until {first.NotAfter:O}");
        Assert.Equal(ca.Subject, renewed.Issuer);
        Assert.Equal(first.Extensions["2.5.29.17"]!.RawData, renewed.Extensions["2.5.29.17"]!.RawData); // the same names
        Assert.True(VerifiedBy(renewed, ca), "the renewed certificate is not signed by the fleet CA");
    }

    private static bool VerifiedBy(X509Certificate2 leaf, X509Certificate2 ca)
    {
        // The renewed certificate starts in the test clock's future, so only its signature is checked here, not its dates.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore.AddDays(1);
        return chain.Build(leaf);
    }

    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" });
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }
}
