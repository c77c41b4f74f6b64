using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Outpost.Protocol.Pki;

namespace Outpost.Cli.Operator;

/// <summary>The one place the operator side decides whom it trusts: TLS 1.3 to a hub whose certificate chains to the fleet CA.</summary>
internal static class HubHandler
{
    /// <summary>A handler for HTTP and websocket requests to the hub; <paramref name="ca"/> must outlive it.</summary>
    public static SocketsHttpHandler Create(X509Certificate2 ca) => new()
    {
        SslOptions =
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidationCallback = HubCertificateCheck.Trusting(ca, "in the operator config"),
        },
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
