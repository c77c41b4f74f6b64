namespace Outpost.IntegrationTests.Support;

/// <summary>Writes bundle directories for tests.</summary>
public static class BundleDirectory
{
    public static string Create(string root, string name, IReadOnlyDictionary<string, string> files, string? bundleYaml = null)
    {
        var directory = Path.Combine(root, "bundles", name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        if (bundleYaml is not null)
        {
            File.WriteAllText(Path.Combine(directory, "outpost.bundle.yaml"), bundleYaml);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The files under the agent's current release, as path → content.</summary>
    public static Dictionary<string, string> Current(string agentDir)
    {
        var current = Path.Combine(agentDir, "current");
        return Directory.EnumerateFiles(current, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(current, f).Replace('\\', '/'), File.ReadAllText);
    }
}
