using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>Makes the agent's own key and a CSR; the private key never leaves the site.</summary>
public static class CsrFactory
{
    public static (ECDsa Key, string CsrPem) Create(string subjectName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subjectName}"), key, HashAlgorithmName.SHA256);
        return (key, request.CreateSigningRequestPem());
    }
}
