using System.Security.Cryptography;
using System.Text;

namespace Outpost.Fleet;

/// <summary>One file of the fleet tree, read from a commit: fleet-relative path, bytes and a content id (the Git blob id).</summary>
internal sealed record FleetFile(string Path, byte[] Content, string Id)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>The fleet's files at one commit, held in memory so nothing else needs the Git repository open.</summary>
internal sealed class FleetFiles
{
    private readonly SortedDictionary<string, FleetFile> _files = new(StringComparer.Ordinal);

    public FleetFiles(IEnumerable<FleetFile> files)
    {
        foreach (var file in files)
        {
            _files[file.Path] = file;
        }
    }

    public FleetFile? Get(string path) => _files.GetValueOrDefault(path);

    /// <summary>Files under a folder (recursively), ordered by path.</summary>
    public IEnumerable<FleetFile> Under(string folder)
    {
        var prefix = folder.TrimEnd('/') + "/";
        return _files.Values.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>A hash of every path and content id under a folder: equal hashes mean identical subtrees.</summary>
    public string HashOf(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Under(folder))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path + "\0" + file.Id + "\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
