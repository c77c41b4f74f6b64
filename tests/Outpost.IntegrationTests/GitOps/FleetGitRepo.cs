using Outpost.Tests.Shared;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>A real Git repository in a temp dir holding a copy of examples/fleet on branch main; tests edit and commit it.</summary>
internal sealed class FleetGitRepo : IDisposable
{
    private FleetGitRepo(string root) => Root = root;

    public string Root { get; }

    public static FleetGitRepo CreateFromExample()
    {
        var repo = new FleetGitRepo(Directory.CreateTempSubdirectory("outpost-fleet-repo-").FullName);
        Copy(ExampleFleet(), repo.Root);
        Git(repo.Root, "init", "--quiet", "--initial-branch=main");
        Git(repo.Root, "config", "user.name", "Fleet Test");
        Git(repo.Root, "config", "user.email", "fleet-test@outpost.invalid");
        Git(repo.Root, "config", "commit.gpgsign", "false");
        repo.CommitAll("sample fleet");
        return repo;
    }

    public string Head => Git(Root, "rev-parse", "HEAD").Trim();

    public string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>Replaces text in a file (which must contain it) and commits; returns the new commit id.</summary>
    public string Edit(string path, string from, string to)
    {
        var text = Read(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Root, path), text.Replace(from, to, StringComparison.Ordinal));
        return CommitAll($"edit {path}");
    }

    public string Delete(string path)
    {
        File.Delete(Path.Combine(Root, path));
        return CommitAll($"delete {path}");
    }

    public string CommitAll(string message)
    {
        Git(Root, "add", "--all");
        Git(Root, "commit", "--quiet", "-m", message);
        return Head;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string Git(string? workDir, params string[] args) => GitCommand.Run(workDir, args);

    private static string ExampleFleet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "fleet");
            if (File.Exists(Path.Combine(candidate, "fleet.yaml")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("examples/fleet not found above " + AppContext.BaseDirectory);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
