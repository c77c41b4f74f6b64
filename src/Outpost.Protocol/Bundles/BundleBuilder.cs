namespace Outpost.Protocol.Bundles;

/// <summary>Turns a directory into a content-addressed bundle (manifest + blobs).</summary>
public static class BundleBuilder
{
    public static async Task<BuiltBundle> FromDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Bundle directory '{directory}' does not exist.");
        }

        var root = Path.GetFullPath(directory);
        var files = new List<BundleFile>();
        var blobFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').Any(s => s is ".git"))
            {
                continue;
            }

            BundlePath.Check(relative);
            await using var stream = File.OpenRead(path);
            var digest = await ContentDigest.OfStreamAsync(stream, cancellationToken);
            var mode = OperatingSystem.IsWindows() ? 420 : (int)File.GetUnixFileMode(path) & 0x1FF;
            files.Add(new BundleFile(relative, digest, stream.Length, mode));
            blobFiles[digest] = path;
        }

        var definition = Path.Combine(root, BundleDefinitionReader.FileName);
        var config = File.Exists(definition) ? BundleDefinitionReader.Read(definition) : new BundleConfig();
        var configBytes = BundleConfigSerializer.ToBytes(config);
        var configDescriptor = new OciDescriptor { MediaType = BundleManifest.ConfigMediaType, Digest = ContentDigest.Of(configBytes), Size = configBytes.Length };
        var manifest = BundleManifest.Create(files, configDescriptor);
        var bytes = manifest.ToBytes();
        return new BuiltBundle(manifest, bytes, ContentDigest.Of(bytes), configBytes, blobFiles);
    }
}
