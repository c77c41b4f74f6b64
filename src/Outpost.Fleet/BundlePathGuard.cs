namespace Outpost.Fleet;

/// <summary>Keeps rendered paths inside the bundle root: relative, '/'-separated, no '..', '.', empty segments or control characters.</summary>
public static class BundlePathGuard
{
    /// <summary>Returns why <paramref name="path"/> is refused, or null when it is a safe relative path.</summary>
    public static string? Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return "the path is empty";
        }
        if (path.Any(char.IsControl))
        {
            return "the path contains control characters (a newline from the template?)";
        }
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "backslashes are not allowed; use '/'";
        }
        if (path.StartsWith('/'))
        {
            return "absolute paths are not allowed";
        }
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return "drive-qualified paths are not allowed";
        }
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                    return "empty path segments ('//' or a trailing '/') are not allowed";
                case "..":
                    return "'..' segments are not allowed (the path would leave the bundle root)";
                case ".":
                    return "'.' segments are not allowed";
            }
            if (segment.Trim().Length == 0)
            {
                return "blank path segments are not allowed";
            }
        }
        return null;
    }

    /// <summary>Joins checked paths and makes sure the result is still under <paramref name="outputRoot"/> on this file system.</summary>
    public static string ResolveUnder(string outputRoot, string relativePath)
    {
        if (Check(relativePath) is { } problem)
        {
            throw new ArgumentException($"refusing path '{relativePath}': {problem}", nameof(relativePath));
        }
        var root = Path.GetFullPath(outputRoot);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"refusing path '{relativePath}': it resolves outside {root}", nameof(relativePath));
        }
        return full;
    }
}
