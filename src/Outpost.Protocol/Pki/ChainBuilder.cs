using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>Validates a certificate against exactly one trusted root: the fleet CA, never the system store.</summary>
public static class ChainBuilder
{
    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="root"/> (and, unless <paramref name="ignoreTime"/>, every certificate is valid now).</summary>
    public static bool IsIssuedBy(X509Certificate2 leaf, X509Certificate2 root, X509RevocationMode revocation = X509RevocationMode.NoCheck, bool ignoreTime = false)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = revocation;
        chain.ChainPolicy.VerificationFlags = ignoreTime ? X509VerificationFlags.IgnoreNotTimeValid : X509VerificationFlags.NoFlag;
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(root.RawData);
    }
}
