using LibGit2Sharp;

namespace Outpost.Fleet.Tests;

/// <summary>A real Git repository in a temp folder that tests write fleet files into and commit.</summary>
internal sealed class TestFleetRepo : IDisposable
{
    private static readonly Signature Author = new("Fleet Test", "fleet-test@example.invalid", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestFleetRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "outpost-fleet-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Repository.Init(Root);
    }

    public string Root { get; }

    /// <summary>Writes (or, for null content, deletes) files and commits everything; returns the commit id.</summary>
    public string Commit(IReadOnlyDictionary<string, string?> files, string message = "change")
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Root, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        using var repo = new Repository(Root);
        Commands.Stage(repo, "*");
        return repo.Commit(message, Author, Author, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    public string Commit(string path, string? content, string message = "change") =>
        Commit(new Dictionary<string, string?> { [path] = content }, message);

    /// <summary>Copies a folder (e.g. examples/fleet) into the repository root and commits it.</summary>
    public string CommitFolder(string source, string message = "import")
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        return Commit(new Dictionary<string, string?>(), message);
    }

    public FleetRepository Open(string rev = "HEAD") => FleetRepository.Open(Root, rev);

    public void Dispose() => DeleteDirectory(Root);

    /// <summary>Git makes pack files read-only, which Directory.Delete refuses on some systems.</summary>
    public static void DeleteDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
