namespace Outpost.Fleet;

/// <summary>Helpers for variable paths written as <c>a.b[2].c</c>, the form errors and the schema use.</summary>
internal static class VariablePath
{
    public static string Key(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>True when <paramref name="path"/> is strictly inside <paramref name="prefix"/>.</summary>
    public static bool IsUnder(string path, string prefix) =>
        prefix.Length == 0
            ? path.Length > 0
            : path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '[';

    public static SourceLocation? Nearest(IReadOnlyDictionary<string, SourceLocation> locations, string path)
    {
        var current = path;
        while (true)
        {
            if (locations.TryGetValue(current, out var found))
            {
                return found;
            }
            if (current.Length == 0)
            {
                return null;
            }
            var cut = current.LastIndexOfAny(['.', '[']);
            current = cut < 0 ? "" : current[..cut];
        }
    }
}
