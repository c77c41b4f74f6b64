using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace Outpost.Fleet;

/// <summary>An open Git repository holding a fleet: a local repository, or a bare clone of a remote kept in a cache folder and fetched on open.</summary>
internal sealed partial class GitFleetSource : IDisposable
{
    private static readonly string[] FetchRefSpecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];

    private readonly Repository _repository;
    private readonly FileStream? _cacheLock;

    private GitFleetSource(Repository repository, string origin, bool isRemote, string subdirectory, FileStream? cacheLock)
    {
        _repository = repository;
        _cacheLock = cacheLock;
        Origin = origin;
        IsRemote = isRemote;
        Subdirectory = subdirectory;
    }

    public string Origin { get; }

    public bool IsRemote { get; }

    /// <summary>Fleet folder inside the repository, '/'-separated, empty for the root.</summary>
    public string Subdirectory { get; }

    public static bool LooksRemote(string pathOrUrl) =>
        // Uri also accepts plain absolute paths (as file:), so a URL must spell out its scheme.
        (pathOrUrl.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "git" or "ssh" or "file")
        || ScpLikeUrl().IsMatch(pathOrUrl);

    public static GitFleetSource Open(string pathOrUrl, FleetRepositoryOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        return LooksRemote(pathOrUrl) ? OpenRemote(pathOrUrl, options) : OpenLocal(pathOrUrl, options);
    }

    private static GitFleetSource OpenLocal(string path, FleetRepositoryOptions options)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new FleetException(new FleetError($"fleet repository not found: {full} does not exist"));
        }
        var gitDir = Repository.Discover(full)
            ?? throw new FleetException(new FleetError($"not a Git repository (or inside one): {full}"));
        var repository = new Repository(gitDir);
        var subdirectory = "";
        if (repository.Info.WorkingDirectory is { } workDir)
        {
            // A path inside a work tree (e.g. examples/fleet) means that folder of the repository.
            var relative = Path.GetRelativePath(workDir, full).Replace('\\', '/');
            subdirectory = relative == "." ? "" : relative;
        }
        return new GitFleetSource(repository, full, isRemote: false, Join(subdirectory, options.Subdirectory), cacheLock: null);
    }

    private static GitFleetSource OpenRemote(string url, FleetRepositoryOptions options)
    {
        var cacheRoot = options.CacheDirectory
            ?? Environment.GetEnvironmentVariable("OUTPOST_FLEET_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "outpost", "fleet-cache");
        Directory.CreateDirectory(cacheRoot);
        var cachePath = Path.Combine(cacheRoot, CacheName(url));
        // One clone per URL is shared by processes; the lock keeps two from cloning or fetching into it at once.
        var cacheLock = AcquireLock(cachePath + ".lock");
        try
        {
            var fetch = new FetchOptions { TagFetchMode = TagFetchMode.All, Prune = true };
            if (options.Credentials is { } credentials)
            {
                fetch.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = credentials.UserName, Password = credentials.Password };
            }
            var fresh = false;
            if (!Directory.Exists(cachePath) || Repository.Discover(cachePath) is null)
            {
                if (Directory.Exists(cachePath))
                {
                    Directory.Delete(cachePath, recursive: true);
                }
                var temporary = cachePath + ".partial";
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
                Repository.Clone(url, temporary, new CloneOptions(fetch) { IsBare = true, Checkout = false });
                Directory.Move(temporary, cachePath);
                fresh = true;
            }
            var repository = new Repository(cachePath);
            if (fresh || options.Fetch)
            {
                Commands.Fetch(repository, "origin", FetchRefSpecs, fetch, logMessage: null);
            }
            return new GitFleetSource(repository, url, isRemote: true, Join("", options.Subdirectory), cacheLock);
        }
        catch (LibGit2SharpException ex)
        {
            cacheLock.Dispose();
            throw new FleetException(new FleetError($"cannot fetch fleet repository {url}: {ex.Message}"), ex);
        }
        catch
        {
            cacheLock.Dispose();
            throw;
        }
    }

    /// <summary>Resolves a branch, tag, commit id or revision expression; for remotes, branch names mean the fetched remote branch.</summary>
    public Commit Resolve(string rev)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rev);
        var candidates = new List<string>();
        if (IsRemote)
        {
            // Local branches in the cache are frozen at clone time; the remote-tracking refs are what fetch updates.
            var branch = rev == "HEAD" ? _repository.Refs.Head?.TargetIdentifier?.Replace("refs/heads/", "", StringComparison.Ordinal) : rev;
            if (branch is not null)
            {
                candidates.Add("refs/remotes/origin/" + branch);
            }
        }
        candidates.Add(rev);
        foreach (var candidate in candidates)
        {
            GitObject? found;
            try
            {
                found = _repository.Lookup(candidate);
            }
            catch (LibGit2SharpException)
            {
                found = null;
            }
            var commit = found switch
            {
                Commit c => c,
                TagAnnotation tag => tag.Target as Commit,
                _ => null,
            };
            if (commit is not null)
            {
                return commit;
            }
        }
        throw new FleetException(new FleetError($"revision '{rev}' not found in {Origin}"));
    }

    /// <summary>Reads the fleet folder of a commit into memory.</summary>
    public FleetFiles Read(Commit commit)
    {
        Tree? tree = commit.Tree;
        if (Subdirectory.Length > 0)
        {
            tree = commit[Subdirectory]?.Target as Tree;
            if (tree is null)
            {
                throw new FleetException(new FleetError($"folder '{Subdirectory}' does not exist at commit {commit.Sha[..12]} of {Origin}"));
            }
        }
        var files = new List<FleetFile>();
        var errors = new List<FleetError>();
        Collect(tree, "", files, errors);
        return errors.Count > 0 ? throw new FleetException(errors) : new FleetFiles(files);
    }

    public FleetRepository Load(string rev)
    {
        var commit = Resolve(rev);
        var files = Read(commit);
        var prefix = Subdirectory.Length == 0 ? "" : Subdirectory + "/";
        return new FleetRepository(Origin, rev, commit.Sha, Subdirectory, files, FleetLoader.Load(files, prefix));
    }

    public void Dispose()
    {
        _repository.Dispose();
        _cacheLock?.Dispose();
    }

    private void Collect(Tree tree, string prefix, List<FleetFile> files, List<FleetError> errors)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Collect((Tree)entry.Target, path + "/", files, errors);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode == Mode.SymbolicLink:
                    // A link could point outside the fleet (or the repository); fleets must hold real files.
                    errors.Add(new FleetError("symbolic links are not supported in a fleet repository") { Location = new SourceLocation(Display(path)) });
                    break;
                case TreeEntryTargetType.Blob:
                    var blob = (Blob)entry.Target;
                    using (var stream = blob.GetContentStream())
                    {
                        var buffer = new MemoryStream((int)Math.Min(blob.Size, int.MaxValue));
                        stream.CopyTo(buffer);
                        files.Add(new FleetFile(path, buffer.ToArray(), blob.Sha));
                    }
                    break;
                default:
                    errors.Add(new FleetError("submodules are not supported in a fleet repository") { Location = new SourceLocation(Display(path)) });
                    break;
            }
        }
    }

    private string Display(string path) => Subdirectory.Length == 0 ? path : Subdirectory + "/" + path;

    private static string Join(string first, string? second)
    {
        var parts = new[] { first, second ?? "" }
            .SelectMany(p => p.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p != ".")
            .ToList();
        if (parts.Contains(".."))
        {
            throw new FleetException(new FleetError("the fleet subdirectory must be inside the repository"));
        }
        return string.Join('/', parts);
    }

    private static string CacheName(string url)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16];
        var readable = UnsafeNameCharacters().Replace(url.Split("://").Last(), "_").Trim('_');
        return (readable.Length > 60 ? readable[^60..] : readable) + "-" + hash + ".git";
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    [GeneratedRegex(@"^[\w.-]+@[\w.-]+:")]
    private static partial Regex ScpLikeUrl();

    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeNameCharacters();
}
