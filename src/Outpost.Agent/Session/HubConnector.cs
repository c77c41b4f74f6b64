using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Outpost.Protocol.Pki;
using Outpost.Protocol.Transport;

namespace Outpost.Agent.Session;

/// <summary>Makes HTTP handlers that reach the hub: TLS 1.3 only, trusting only the fleet CA, through a proxy when one is set.</summary>
public static class HubConnector
{
    /// <summary>
    /// Only to download the hub's CA before any trust exists; the caller checks that CA against the token's
    /// pin before using it, as kubeadm does with its discovery hash.
    /// </summary>
    public static SocketsHttpHandler ForDiscovery(ProxyAddress? proxy) =>
        Create(proxy, new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });

    /// <summary>Trusts exactly the given CA; with a client certificate once the site is enrolled.</summary>
    public static SocketsHttpHandler ForCa(X509Certificate2 ca, X509Certificate2? clientCertificate, ProxyAddress? proxy) =>
        Create(proxy, new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            RemoteCertificateValidationCallback = HubCertificateCheck.Trusting(ca, "pinned at join"),
        });

    private static SocketsHttpHandler Create(ProxyAddress? proxy, SslClientAuthenticationOptions ssl) => new()
    {
        SslOptions = ssl,
        // A named proxy brings its own user and password; otherwise HTTPS_PROXY and NO_PROXY decide, as for curl.
        Proxy = proxy is null ? HttpClient.DefaultProxy : proxy.ToWebProxy(),
        UseProxy = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };
}
