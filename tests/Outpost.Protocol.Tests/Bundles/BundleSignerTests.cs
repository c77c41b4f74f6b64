using System.Security.Cryptography;
using System.Text;
using Outpost.Protocol.Bundles;

namespace Outpost.Protocol.Tests.Bundles;

public sealed class BundleSignerTests
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"layers":[]}""");

    [Fact]
    public void A_revision_verifies_only_with_its_own_digest_its_own_bytes_and_the_pinned_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var revision = ContentDigest.Of(Manifest);
        var signature = BundleSigner.Sign(key, Manifest);
        var tampered = Manifest.ToArray();
        tampered[^2] ^= 1;

        Assert.True(BundleSigner.VerifyRevision(key, Manifest, revision, signature));
        Assert.False(BundleSigner.VerifyRevision(key, tampered, revision, signature));
        Assert.False(BundleSigner.VerifyRevision(key, Manifest, ContentDigest.Of(tampered), signature));
        Assert.False(BundleSigner.VerifyRevision(other, Manifest, revision, signature));
        Assert.False(BundleSigner.VerifyRevision(key, Manifest, revision, BundleSigner.Sign(other, Manifest)));
        Assert.False(BundleSigner.VerifyRevision(key, Manifest, revision, "not base64!"));
    }
}
