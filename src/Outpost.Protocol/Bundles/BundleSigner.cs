using System.Security.Cryptography;

namespace Outpost.Protocol.Bundles;

/// <summary>Signs and verifies manifest bytes with the hub's ECDSA P-256 signing key.</summary>
public static class BundleSigner
{
    public static string Sign(ECDsa key, ReadOnlySpan<byte> manifestBytes) =>
        Convert.ToBase64String(key.SignData(manifestBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>
    /// True when the manifest's sha256 is <paramref name="revision"/> and the signature over it verifies: one hash of the
    /// manifest serves both checks (every agent runs this for every revision it is sent).
    /// </summary>
    public static bool VerifyRevision(ECDsa publicKey, ReadOnlySpan<byte> manifestBytes, string revision, string signature)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(manifestBytes, hash);
        Span<byte> raw = stackalloc byte[256];
        return revision == ContentDigest.Prefix + Convert.ToHexStringLower(hash) &&
            Convert.TryFromBase64String(signature, raw, out var written) &&
            publicKey.VerifyHash(hash, raw[..written], DSASignatureFormat.Rfc3279DerSequence);
    }
}
