using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>Validates a certificate against exactly one trusted root: the fleet CA, never the system store.</summary>
public static class ChainBuilder
{
    public static bool IsIssuedBy(X509Certificate2 leaf, X509Certificate2 root, X509RevocationMode revocation = X509RevocationMode.NoCheck)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = revocation;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(root.RawData);
    }
}
