using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>
/// How agents and operator commands check the hub's TLS certificate: issued by the one fleet CA they trust, for the host
/// name they dialled, and valid by this computer's clock. A refusal throws a <see cref="HubCertificateException"/> that
/// says which of the three failed, since "the remote certificate was rejected" sends a technician the wrong way.
/// </summary>
public static class HubCertificateCheck
{
    /// <summary>A validation callback trusting only <paramref name="ca"/>; <paramref name="caSource"/> says where that CA came from ("pinned at join").</summary>
    public static RemoteCertificateValidationCallback Trusting(X509Certificate2 ca, string caSource) => (sender, certificate, _, errors) =>
    {
        if (certificate is null)
        {
            throw new HubCertificateException("the hub sent no certificate");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            var host = (sender as SslStream)?.TargetHostName;
            throw new HubCertificateException($"the hub's certificate does not name '{host}'; use a name it has, or add this one to the hub's --public-url or serverNames");
        }

        // The callback's certificate is normally an X509Certificate2 already; a copy is made (and disposed) only when it is not.
        using var copy = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var leaf = copy ?? (X509Certificate2)certificate;
        if (ChainBuilder.IsIssuedBy(leaf, ca))
        {
            return true;
        }

        if (ChainBuilder.IsIssuedBy(leaf, ca, ignoreTime: true))
        {
            throw new HubCertificateException(
                $"the hub's certificate is valid from {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm}Z to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm}Z, " +
                $"but this computer's clock says {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z; set the clock (NTP) and try again");
        }

        throw new HubCertificateException($"the hub's certificate is not issued by the fleet CA {caSource}: a TLS-inspecting proxy is in between, or this is another hub");
    };
}
