using Outpost.Tests.Shared;

namespace Outpost.Fleet.Tests;

/// <summary>Serves a fleet over git:// on loopback with `git daemon` and reads it through the library's clone cache.</summary>
public sealed class RemoteRepositoryTests : IDisposable
{
    private readonly TestFleetRepo _work = new();
    private readonly string _serveRoot = Path.Combine(Path.GetTempPath(), "outpost-fleet-served-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "outpost-fleet-cache-" + Guid.NewGuid().ToString("N")[..12]);
    private GitDaemonProcess? _daemon;

    public void Dispose()
    {
        _daemon?.Dispose();
        _work.Dispose();
        TestFleetRepo.DeleteDirectory(_serveRoot);
        TestFleetRepo.DeleteDirectory(_cache);
    }

    [Fact]
    public async Task Clones_and_then_fetches_a_repository_served_by_git_daemon()
    {
        var first = _work.Commit(SmallFleet.Files());
        Directory.CreateDirectory(_serveRoot);
        var bare = Path.Combine(_serveRoot, "fleet.git");
        GitCommand.Run(null, "clone", "--bare", "--quiet", _work.Root, bare);
        _daemon = await GitDaemonProcess.StartAsync(_serveRoot);
        var url = $"git://127.0.0.1:{_daemon.Port}/fleet.git";
        var options = new FleetRepositoryOptions { CacheDirectory = _cache };

        var fleet = FleetRepository.Open(url, "HEAD", options);
        Assert.Equal(first, fleet.CommitId);
        Assert.Equal(3, fleet.Inventory.Sites.Count);
        Assert.Single(Directory.GetDirectories(_cache));
        Assert.Equal("gateway/gateway.conf", TestEngine.Renderer(fleet).Render("ber-02").Files[1].Path);

        // A new commit on the server is seen on the next open (fetch), by branch name and by HEAD.
        var second = _work.Commit("sites/osl-02.yaml", "region: eu-north\ndistribution: no-hospital\n");
        GitCommand.Run(_work.Root, "push", "--quiet", bare, "HEAD:refs/heads/" + CurrentBranch());
        var again = FleetRepository.Open(url, "HEAD", options);
        Assert.Equal(second, again.CommitId);
        Assert.Equal(4, again.Inventory.Sites.Count);
        Assert.Equal(second, FleetRepository.Open(url, CurrentBranch(), options).CommitId);

        var diff = FleetDiff.Compare(url, first, second, TestEngine.DiffOptions(repository: options));
        Assert.Equal(1, diff.Added);
        Assert.Equal(["osl-02"], diff.Sites.Select(s => s.SiteId));
    }

    [Fact]
    public void Unreachable_remote_is_a_clear_error()
    {
        var port = GitDaemonProcess.FreePort();
        var ex = Assert.Throws<FleetException>(() => FleetRepository.Open($"git://127.0.0.1:{port}/none.git", "HEAD", new FleetRepositoryOptions { CacheDirectory = _cache }));
        Assert.Contains($"git://127.0.0.1:{port}/none.git", ex.Message, StringComparison.Ordinal);
    }

    private string CurrentBranch() => GitCommand.Run(_work.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();
}
