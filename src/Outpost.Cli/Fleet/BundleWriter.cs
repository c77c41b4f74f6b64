using Outpost.Fleet;

namespace Outpost.Cli.Fleet;

/// <summary>Writes a rendered bundle to OUT/&lt;site&gt;/, replacing what was there so no stale file survives.</summary>
internal static class BundleWriter
{
    public static void Write(string outRoot, RenderedBundle bundle)
    {
        Directory.CreateDirectory(outRoot);
        var target = BundlePathGuard.ResolveUnder(outRoot, bundle.SiteId);
        var staging = target + ".rendering";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        foreach (var file in bundle.Files)
        {
            var path = BundlePathGuard.ResolveUnder(staging, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
        }
        Directory.CreateDirectory(staging);
        // Swap in the complete bundle only once every file is written.
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        Directory.Move(staging, target);
    }
}
