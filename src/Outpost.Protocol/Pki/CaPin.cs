using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>The CA pin carried in join tokens: sha256 of the CA's SubjectPublicKeyInfo, as kubeadm's discovery hash.</summary>
public static class CaPin
{
    public static string Of(X509Certificate2 ca) => Convert.ToHexStringLower(SHA256.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>True when the presented chain ends in a CA matching the pin and the leaf is issued by that CA.</summary>
    public static bool Matches(X509Certificate2 leaf, X509Chain? presented, string pin, out X509Certificate2? ca)
    {
        ca = null;
        var candidates = presented?.ChainElements.Select(e => e.Certificate).ToList() ?? [];
        candidates.Add(leaf);
        foreach (var candidate in candidates)
        {
            if (string.Equals(Of(candidate), pin, StringComparison.OrdinalIgnoreCase))
            {
                ca = candidate;
                return ChainBuilder.IsIssuedBy(leaf, candidate);
            }
        }

        return false;
    }
}
