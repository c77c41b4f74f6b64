using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Outpost.Protocol.Pki;

namespace Outpost.Protocol.Tests.Pki;

/// <summary>Real TLS 1.3 handshakes on loopback: the client's refusal of a hub certificate says which check failed.</summary>
public sealed class HubCertificateCheckTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_certificate_from_the_fleet_CA_for_the_dialled_name_and_valid_now_is_trusted()
    {
        using var ca = Ca("CN=fleet");
        using var leaf = Leaf(ca, "hub.example", Now.AddMinutes(-5), Now.AddDays(365));

        Assert.Null(await HandshakeAsync(leaf, ca, "hub.example"));
    }

    [Fact]
    public async Task A_certificate_not_valid_yet_by_this_clock_names_the_clock()
    {
        using var ca = Ca("CN=fleet");
        using var leaf = Leaf(ca, "hub.example", Now.AddDays(3), Now.AddDays(368));

        var refused = await HandshakeAsync(leaf, ca, "hub.example");

        Assert.NotNull(refused);
        Assert.StartsWith($"the hub's certificate is valid from {Now.AddDays(3).UtcDateTime:yyyy-MM-dd}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("but this computer's clock says", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("set the clock (NTP) and try again", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_names_the_clock_too()
    {
        using var ca = Ca("CN=fleet");
        using var leaf = Leaf(ca, "hub.example", Now.AddDays(-400), Now.AddDays(-35));

        var refused = await HandshakeAsync(leaf, ca, "hub.example");

        Assert.Contains("but this computer's clock says", refused!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_called_that_whatever_its_dates()
    {
        using var ca = Ca("CN=fleet");
        using var other = Ca("CN=inspecting proxy");
        using var leaf = Leaf(other, "hub.example", Now.AddDays(3), Now.AddDays(368));

        var refused = await HandshakeAsync(leaf, ca, "hub.example");

        Assert.Equal("the hub's certificate is not issued by the fleet CA pinned at join: a TLS-inspecting proxy is in between, or this is another hub", refused!.Message);
    }

    [Fact]
    public async Task A_certificate_for_another_name_names_the_one_dialled()
    {
        using var ca = Ca("CN=fleet");
        using var leaf = Leaf(ca, "hub.example", Now.AddMinutes(-5), Now.AddDays(365));

        var refused = await HandshakeAsync(leaf, ca, "hub-eu.example");

        Assert.Equal("the hub's certificate does not name 'hub-eu.example'; use a name it has, or add this one to the hub's --public-url or serverNames", refused!.Message);
    }

    /// <summary>Null when the client accepted the server's certificate, else the refusal.</summary>
    private static async Task<HubCertificateException?> HandshakeAsync(X509Certificate2 serverCertificate, X509Certificate2 ca, string targetHost)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        await using var server = new SslStream(accepted.GetStream());
        await using var tls = new SslStream(client.GetStream(), false, HubCertificateCheck.Trusting(ca, "pinned at join"));
        var serving = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serverCertificate, EnabledSslProtocols = SslProtocols.Tls13 });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost, EnabledSslProtocols = SslProtocols.Tls13 });
            await serving;
            return null;
        }
        catch (AuthenticationException e)
        {
            // In TLS 1.3 the server may finish its side before the client refuses; only the client's refusal matters here.
            client.Close();
            await serving.ContinueWith(_ => { }, TaskScheduler.Default);
            return e as HubCertificateException ?? Assert.IsType<HubCertificateException>(e.InnerException);
        }
    }

    private static X509Certificate2 Ca(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(Now.AddDays(-500), Now.AddYears(10));
    }

    private static X509Certificate2 Leaf(X509Certificate2 ca, string name, DateTimeOffset from, DateTimeOffset until)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Outpost hub", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, from, until, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
