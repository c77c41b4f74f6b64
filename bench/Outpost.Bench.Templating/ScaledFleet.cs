using LibGit2Sharp;
using Outpost.Fleet;

namespace Outpost.Bench.Templating;

/// <summary>
/// A copy of a fleet folder in a temporary Git repository whose sites are replaced by <c>count</c> clones
/// (<c>site-00001</c>...): clone i is the site file of sample site (i-1) mod n (samples ordered by id), byte for byte,
/// so its labels and variables are the sample's and only its id (which comes from the file name) differs.
/// The Fleet library then loads it like any fleet repository (it reads the commit, so uncommitted edits of the
/// source folder are included: the copy is committed here).
/// </summary>
internal sealed class ScaledFleet : IDisposable
{
    private static readonly Signature Author = new("Outpost bench", "bench@outpost.invalid", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private ScaledFleet(string root, IReadOnlyList<string> sampleIds)
    {
        Root = root;
        SampleIds = sampleIds;
    }

    public string Root { get; }

    /// <summary>The sample sites' ids, in the order clones cycle through them.</summary>
    public IReadOnlyList<string> SampleIds { get; }

    public static ScaledFleet Create(string source, int count)
    {
        var root = Directory.CreateTempSubdirectory("outpost-bench-fleet-").FullName;
        var samples = new List<(string Id, string Extension, byte[] Content)>();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (relative.StartsWith("sites/", StringComparison.Ordinal))
            {
                samples.Add((Path.GetFileNameWithoutExtension(file), Path.GetExtension(file), File.ReadAllBytes(file)));
                continue;
            }
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        if (samples.Count == 0)
        {
            throw new InvalidOperationException($"no site files under {source}/sites");
        }
        samples.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        Directory.CreateDirectory(Path.Combine(root, "sites"));
        for (var i = 1; i <= count; i++)
        {
            var sample = samples[(i - 1) % samples.Count];
            File.WriteAllBytes(Path.Combine(root, "sites", $"site-{i:D5}{sample.Extension}"), sample.Content);
        }
        Repository.Init(root);
        using (var repo = new Repository(root))
        {
            Commands.Stage(repo, "*");
            repo.Commit($"{count} clones of {samples.Count} sample sites", Author, Author);
        }
        return new ScaledFleet(root, samples.Select(s => s.Id).ToList());
    }

    public FleetRepository Open() => FleetRepository.Open(Root);

    public void Dispose()
    {
        // Git makes object files read-only.
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        Directory.Delete(Root, recursive: true);
    }
}
