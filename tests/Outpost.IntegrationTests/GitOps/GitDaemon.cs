using Outpost.Tests.Shared;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>`git daemon` serving a bare clone of a test repository over git:// on 127.0.0.1.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly GitDaemonProcess _process;
    private readonly string _serveRoot;

    private GitDaemon(GitDaemonProcess process, string serveRoot, string bare)
    {
        _process = process;
        _serveRoot = serveRoot;
        Bare = bare;
        Url = $"git://127.0.0.1:{process.Port}/fleet.git";
    }

    public string Url { get; }

    /// <summary>The served bare repository; push to it to publish commits.</summary>
    public string Bare { get; }

    public static async Task<GitDaemon> ServeAsync(FleetGitRepo repo)
    {
        var serveRoot = Directory.CreateTempSubdirectory("outpost-git-daemon-").FullName;
        var bare = Path.Combine(serveRoot, "fleet.git");
        GitCommand.Run(null, "clone", "--bare", "--quiet", repo.Root, bare);
        return new GitDaemon(await GitDaemonProcess.StartAsync(serveRoot), serveRoot, bare);
    }

    public void Push(FleetGitRepo repo) => GitCommand.Run(repo.Root, "push", "--quiet", Bare, "main:main");

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_serveRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
