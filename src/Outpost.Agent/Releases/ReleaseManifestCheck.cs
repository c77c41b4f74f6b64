using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Releases;

/// <summary>Checks a manifest's files before anything is written: a release must be materialisable exactly and only inside its root.</summary>
internal static class ReleaseManifestCheck
{
    private const int MaxMode = 0x1FF; // rwxrwxrwx; setuid, setgid and sticky bits are never taken from a bundle

    public static IReadOnlyList<BundleFile> Files(BundleManifest manifest)
    {
        var files = manifest.Files();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            BundlePath.Check(file.Path);
            if (!ContentDigest.IsValid(file.Digest))
            {
                throw new InvalidDataException($"File '{file.Path}' has a malformed digest '{file.Digest}'.");
            }

            if (file.Mode is < 0 or > MaxMode)
            {
                throw new InvalidDataException($"File '{file.Path}' has mode {Convert.ToString(file.Mode, 8)}, outside 0..777 (octal).");
            }

            if (file.Size < 0)
            {
                throw new InvalidDataException($"File '{file.Path}' has a negative size.");
            }

            if (!paths.Add(file.Path))
            {
                throw new InvalidDataException($"File '{file.Path}' is listed twice.");
            }
        }

        // "a" and "a/b" cannot both be files.
        foreach (var file in files)
        {
            for (var slash = file.Path.LastIndexOf('/'); slash > 0; slash = file.Path.LastIndexOf('/', slash - 1))
            {
                if (paths.Contains(file.Path[..slash]))
                {
                    throw new InvalidDataException($"'{file.Path[..slash]}' is both a file and the directory of '{file.Path}'.");
                }
            }
        }

        return files;
    }
}
