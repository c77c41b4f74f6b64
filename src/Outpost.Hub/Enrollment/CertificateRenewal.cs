using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Outpost.Hub.Events;
using Outpost.Hub.Pki;
using Outpost.Hub.Sites;

namespace Outpost.Hub.Enrollment;

/// <summary>Issues site certificates, at enrolment and when a connected agent renews before expiry.</summary>
public sealed class CertificateRenewal(CertificateAuthority ca, SiteRepository sites, EventLog events, IOptions<HubOptions> options)
{
    public string Issue(string siteId, string csrPem, string reason)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = ca.IssueSiteCertificate(csrPem, siteId, options.Value.CertificateLifetime);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new HubException(400, $"the certificate signing request is invalid: {e.Message}");
        }

        using (certificate)
        {
            sites.MarkEnrolled(siteId, certificate.SerialNumber, certificate.NotAfter);
            events.Record(reason, $"site:{siteId}", siteId, $$"""{"serial":"{{certificate.SerialNumber}}","notAfter":"{{certificate.NotAfter.ToUniversalTime():O}}"}""");
            return certificate.ExportCertificatePem();
        }
    }

    public string Renew(string siteId, string csrPem) => Issue(siteId, csrPem, "certificate-renewed");
}
