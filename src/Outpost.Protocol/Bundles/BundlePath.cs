namespace Outpost.Protocol.Bundles;

/// <summary>Checks that a bundle-relative path can never leave the bundle root.</summary>
public static class BundlePath
{
    public static void Check(string path)
    {
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Bundle path '{path}' must be relative, with '/' separators.");
        }

        var text = path.AsSpan();
        foreach (var range in text.Split('/'))
        {
            var segment = text[range];
            if (segment is "" or "." or "..")
            {
                throw new InvalidDataException($"Bundle path '{path}' has an empty, '.' or '..' segment.");
            }
        }
    }
}
