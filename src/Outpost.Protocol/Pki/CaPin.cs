using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Outpost.Protocol.Pki;

/// <summary>The CA pin carried in join tokens: sha256 of the CA's SubjectPublicKeyInfo, as kubeadm's discovery hash.</summary>
public static class CaPin
{
    public static string Of(X509Certificate2 ca) => Convert.ToHexStringLower(SHA256.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo()));

    public static bool Matches(X509Certificate2 ca, string pin) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Of(ca)), System.Text.Encoding.ASCII.GetBytes(pin.ToLowerInvariant()));
}
