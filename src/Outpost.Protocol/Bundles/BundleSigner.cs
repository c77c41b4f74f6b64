using System.Security.Cryptography;

namespace Outpost.Protocol.Bundles;

/// <summary>Signs and verifies manifest bytes with the hub's ECDSA P-256 signing key.</summary>
public static class BundleSigner
{
    public static string Sign(ECDsa key, ReadOnlySpan<byte> manifestBytes) =>
        Convert.ToBase64String(key.SignData(manifestBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public static bool Verify(ECDsa publicKey, ReadOnlySpan<byte> manifestBytes, string signature)
    {
        Span<byte> raw = stackalloc byte[256];
        return Convert.TryFromBase64String(signature, raw, out var written) &&
            publicKey.VerifyData(manifestBytes, raw[..written], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
