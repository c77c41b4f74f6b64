using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Tests.Releases;

/// <summary>Compares a release directory with a manifest: same files, same content digests, same modes, nothing else.</summary>
public static class ReleaseAssert
{
    public static bool Matches(string directory, BundleManifest manifest) => Describe(directory) == Describe(manifest);

    public static void Equal(BundleManifest manifest, string directory) => Assert.Equal(Describe(manifest), Describe(directory));

    public static string Describe(BundleManifest manifest) =>
        string.Join('\n', manifest.Files().OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Path} {f.Digest} {Convert.ToString(f.Mode, 8)}"));

    public static string Describe(string directory)
    {
        var entries = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            var digest = ContentDigest.Of(File.ReadAllBytes(path));
            var mode = (int)File.GetUnixFileMode(path) & 0x1FF;
            entries.Add($"{relative} {digest} {Convert.ToString(mode, 8)}");
        }

        return string.Join('\n', entries.Order(StringComparer.Ordinal));
    }
}
