using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Hub.Pki;

/// <summary>
/// The hub's TLS serving certificate, issued by the fleet CA at start and issued again once two thirds of its year have
/// passed: a hub that runs for more than a year without a restart keeps serving its sites.
/// </summary>
public sealed class ServingCertificate
{
    private readonly CertificateAuthority _ca;
    private readonly string[] _names;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private SslStreamCertificateContext _context;
    private long _renewAtTicks;

    public ServingCertificate(CertificateAuthority ca, IEnumerable<string> names, TimeProvider time)
    {
        _ca = ca;
        _names = [.. names];
        _time = time;
        (_context, _renewAtTicks) = Issue();
    }

    /// <summary>The certificate now served (its private key attached).</summary>
    public X509Certificate2 Certificate => Context.TargetCertificate;

    /// <summary>What a TLS handshake presents: the certificate and the CA, re-issued first when it is due.</summary>
    public SslStreamCertificateContext Context
    {
        get
        {
            if (_time.GetUtcNow().UtcTicks < Volatile.Read(ref _renewAtTicks))
            {
                return Volatile.Read(ref _context);
            }

            lock (_gate)
            {
                if (_time.GetUtcNow().UtcTicks >= _renewAtTicks)
                {
                    // The old context stays with the connections that use it; new handshakes get the new one.
                    var (context, renewAt) = Issue();
                    Volatile.Write(ref _context, context);
                    Volatile.Write(ref _renewAtTicks, renewAt);
                }

                return _context;
            }
        }
    }

    private (SslStreamCertificateContext Context, long RenewAtTicks) Issue()
    {
        var certificate = _ca.IssueServerCertificate(_names);
        var lifetime = certificate.NotAfter - certificate.NotBefore;
        return (SslStreamCertificateContext.Create(certificate, [_ca.Certificate], offline: true), (certificate.NotBefore.ToUniversalTime() + (lifetime * 2 / 3)).Ticks);
    }
}
