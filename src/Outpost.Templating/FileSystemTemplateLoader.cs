namespace Outpost.Templating;

/// <summary>Loads templates from files under a list of directories (jinja2.FileSystemLoader), never outside them.</summary>
public sealed class FileSystemTemplateLoader : ITemplateLoader
{
    private readonly string[] _searchPaths;

    public FileSystemTemplateLoader(IEnumerable<string> searchPaths)
    {
        ArgumentNullException.ThrowIfNull(searchPaths);
        _searchPaths = searchPaths.Select(Path.GetFullPath).ToArray();
    }

    public IReadOnlyList<string> SearchPaths => _searchPaths;

    public string? Load(string name)
    {
        var pieces = SplitTemplateName(name);
        if (pieces is null)
        {
            return null;
        }
        foreach (var root in _searchPaths)
        {
            var full = Path.GetFullPath(Path.Combine([root, .. pieces]));
            // Belt and braces: after normalisation the file must still sit under the root.
            var rootWithSep = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
            if (!full.StartsWith(rootWithSep, StringComparison.Ordinal))
            {
                continue;
            }
            if (File.Exists(full))
            {
                return File.ReadAllText(full);
            }
        }
        return null;
    }

    // Mirrors jinja2.loaders.split_template_path: '/'-separated, no '..', no absolute paths.
    private static string[]? SplitTemplateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        if (name.StartsWith('/') || name.StartsWith('\\') || Path.IsPathRooted(name))
        {
            return null;
        }
        var pieces = new List<string>();
        foreach (var piece in name.Split('/'))
        {
            if (piece == "..")
            {
                return null;
            }
            if (piece.Length == 0 || piece == ".")
            {
                continue;
            }
            if (piece.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(piece))
            {
                return null;
            }
            pieces.Add(piece);
        }
        return pieces.Count == 0 ? null : pieces.ToArray();
    }
}
