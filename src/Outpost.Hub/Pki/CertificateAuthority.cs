using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Hub.Pki;

/// <summary>The fleet's built-in CA: created on first start, then loaded; issues the hub's serving and sites' client certificates.</summary>
public sealed class CertificateAuthority
{
    private readonly ECDsa _caKey;
    private readonly TimeProvider _time;

    private CertificateAuthority(X509Certificate2 certificate, ECDsa caKey, ECDsa signingKey, TimeProvider time)
    {
        Certificate = certificate;
        _caKey = caKey;
        SigningKey = signingKey;
        _time = time;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Signs bundle manifests; its public half is pinned by agents at enrolment.</summary>
    public ECDsa SigningKey { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string SigningPublicKeyPem => SigningKey.ExportSubjectPublicKeyInfoPem();

    public static CertificateAuthority LoadOrCreate(string pkiDirectory, TimeProvider time)
    {
        Directory.CreateDirectory(pkiDirectory);
        var certPath = Path.Combine(pkiDirectory, "ca.crt");
        var keyPath = Path.Combine(pkiDirectory, "ca.key");
        var signingPath = Path.Combine(pkiDirectory, "signing.key");
        if (!File.Exists(certPath))
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Outpost fleet CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = time.GetUtcNow();
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
            WritePrivate(signingPath, signing.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certPath, ca.ExportCertificatePem());
        }

        var caKey = ECDsa.Create();
        caKey.ImportFromPem(File.ReadAllText(keyPath));
        var signingKey = ECDsa.Create();
        signingKey.ImportFromPem(File.ReadAllText(signingPath));
        return new CertificateAuthority(X509Certificate2.CreateFromPem(File.ReadAllText(certPath)), caKey, signingKey, time);
    }

    /// <summary>Issues the hub's TLS serving certificate for the given names and addresses.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Outpost hub", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = _time.GetUtcNow();
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), now.AddMinutes(-5), now.AddDays(365), RandomSerial());
        // Kestrel needs the private key attached, and on Linux an ephemeral key is fine.
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Signs a site's CSR; the subject is set by the hub (CN = site id), never taken from the CSR.</summary>
    public X509Certificate2 IssueSiteCertificate(string csrPem, string siteId, TimeSpan lifetime)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={siteId}"), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = _time.GetUtcNow();
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), now.AddMinutes(-5), now.Add(lifetime), RandomSerial());
    }

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
