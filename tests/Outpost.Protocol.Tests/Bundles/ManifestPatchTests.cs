using System.Buffers.Binary;
using Outpost.Protocol.Bundles;

namespace Outpost.Protocol.Tests.Bundles;

/// <summary>A manifest sent as a patch against an earlier one rebuilds to exactly its bytes, and a bad patch is refused.</summary>
public sealed class ManifestPatchTests
{
    private static readonly OciDescriptor Config = new() { MediaType = BundleManifest.ConfigMediaType, Digest = ContentDigest.Of("config"u8), Size = 6 };

    [Fact]
    public void A_one_file_change_to_a_bundle_of_64_files_is_a_patch_of_a_few_hundred_bytes_that_rebuilds_the_manifest()
    {
        var files = Files(64, seed: 1);
        var earlier = BundleManifest.Create(files, Config).ToBytes();
        files[17] = files[17] with { Digest = ContentDigest.Of("changed"u8), Size = 8 };
        var later = BundleManifest.Create(files, Config).ToBytes();

        var patch = ManifestPatch.Create(earlier, later);

        Assert.NotNull(patch);
        Assert.True(patch.Length < 300, $"a one-file change is a patch of {patch.Length} bytes (the manifest has {later.Length})");
        Assert.Equal(later, ManifestPatch.Apply(earlier, patch, later.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Any_change_either_rebuilds_exactly_or_goes_whole(int seed)
    {
        // Files added, removed, renamed, changed and made executable, the config changed: a patch, when there is one,
        // must give the later manifest byte for byte, whatever the mix.
        var random = new Random(seed);
        var patched = 0;
        for (var round = 0; round < 200; round++)
        {
            var files = Files(random.Next(0, 80), random.Next());
            var earlier = BundleManifest.Create(files, Config).ToBytes();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                Edit(files, random);
            }

            var config = random.Next(10) == 0 ? Config with { Digest = ContentDigest.Of(BitConverter.GetBytes(random.Next())) } : Config;
            var later = BundleManifest.Create(files, config).ToBytes();
            var patch = ManifestPatch.Create(earlier, later);
            if (patch is not null)
            {
                Assert.True(patch.Length * 2 < later.Length);
                Assert.Equal(later, ManifestPatch.Apply(earlier, patch, later.Length));
                patched++;
            }
        }

        Assert.True(patched > 100, $"most small changes are sent as patches ({patched} of 200)");
    }

    [Fact]
    public void A_manifest_with_every_file_moved_and_changed_goes_whole()
    {
        var files = Files(20, seed: 5);
        var earlier = BundleManifest.Create(files, Config).ToBytes();
        var later = BundleManifest.Create(files.Select(f => f with { Path = "moved/" + f.Path, Digest = ContentDigest.Of(BitConverter.GetBytes(f.Size)), Size = f.Size + 1 }), Config).ToBytes();

        Assert.Null(ManifestPatch.Create(earlier, later));
    }

    [Fact]
    public void A_patch_against_another_manifest_rebuilds_something_else_whose_digest_gives_it_away()
    {
        var files = Files(30, seed: 6);
        var earlier = BundleManifest.Create(files, Config).ToBytes();
        files[3] = files[3] with { Digest = ContentDigest.Of("new"u8) };
        var later = BundleManifest.Create(files, Config).ToBytes();
        var patch = ManifestPatch.Create(earlier, later)!;
        var other = BundleManifest.Create(Files(30, seed: 7), Config).ToBytes();

        var rebuilt = ManifestPatch.Apply(other, patch, int.MaxValue);

        Assert.NotEqual(ContentDigest.Of(later), ContentDigest.Of(rebuilt));
    }

    public static TheoryData<byte[], string> Malformed => new()
    {
        { [], "unknown format (empty)" },
        { [2, (byte)'a', 0, 0, 0, 0], "unknown format (version 2)" },
        { [1, (byte)'x'], "unknown operation 0x78 at byte 1" },
        { [1, (byte)'c', 0, 0, 0], "ends in the middle of an operation" },
        { [1, .. Copy(8, 5)], "copies bytes 8–13 of an earlier manifest of 10" },
        { [1, .. Copy(0, uint.MaxValue)], "copies bytes 0–4294967295 of an earlier manifest of 10" },
        { [1, (byte)'a', 0, 0, 0, 9, 1, 2], "adds 9 bytes but has 2 left" },
        { [1, .. Copy(0, 10), .. Copy(0, 10), .. Copy(0, 10)], "makes more than 25 bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_patch_is_refused_with_what_is_wrong(byte[] patch, string reason)
    {
        var earlier = "0123456789"u8.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => ManifestPatch.Apply(earlier, patch, maxLength: 25));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Copy(uint offset, uint length)
    {
        var op = new byte[9];
        op[0] = (byte)'c';
        BinaryPrimitives.WriteUInt32BigEndian(op.AsSpan(1), offset);
        BinaryPrimitives.WriteUInt32BigEndian(op.AsSpan(5), length);
        return op;
    }

    private static List<BundleFile> Files(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new BundleFile($"dir{random.Next(4)}/file-{i:D3}.yaml", ContentDigest.Of(BitConverter.GetBytes(random.Next())), random.Next(1, 1 << 20), 420))
            .ToList();
    }

    private static void Edit(List<BundleFile> files, Random random)
    {
        var at = files.Count == 0 ? 0 : random.Next(files.Count);
        switch (files.Count == 0 ? 0 : random.Next(5))
        {
            case 0:
                files.Add(new BundleFile($"added/{random.Next()}.yaml", ContentDigest.Of(BitConverter.GetBytes(random.Next())), random.Next(1, 4096), 420));
                break;
            case 1:
                files.RemoveAt(at);
                break;
            case 2:
                files[at] = files[at] with { Path = files[at].Path + ".renamed" };
                break;
            case 3:
                files[at] = files[at] with { Digest = ContentDigest.Of(BitConverter.GetBytes(random.Next())), Size = random.Next(1, 4096) };
                break;
            default:
                files[at] = files[at] with { Mode = 493 };
                break;
        }
    }
}
