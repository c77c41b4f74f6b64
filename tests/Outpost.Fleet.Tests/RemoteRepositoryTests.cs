using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outpost.Fleet.Tests;

/// <summary>Serves a fleet over git:// on loopback with `git daemon` and reads it through the library's clone cache.</summary>
public sealed class RemoteRepositoryTests : IDisposable
{
    private readonly TestFleetRepo _work = new();
    private readonly string _serveRoot = Path.Combine(Path.GetTempPath(), "outpost-fleet-served-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "outpost-fleet-cache-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _daemon;

    public void Dispose()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit(5000);
        }
        _daemon?.Dispose();
        _work.Dispose();
        TestFleetRepo.DeleteDirectory(_serveRoot);
        TestFleetRepo.DeleteDirectory(_cache);
    }

    [Fact]
    public void Clones_and_then_fetches_a_repository_served_by_git_daemon()
    {
        var first = _work.Commit(SmallFleet.Files());
        Directory.CreateDirectory(_serveRoot);
        var bare = Path.Combine(_serveRoot, "fleet.git");
        Git(null, "clone", "--bare", "--quiet", _work.Root, bare);
        var port = StartDaemon();
        var url = $"git://127.0.0.1:{port}/fleet.git";
        var options = new FleetRepositoryOptions { CacheDirectory = _cache };

        var fleet = FleetRepository.Open(url, "HEAD", options);
        Assert.Equal(first, fleet.CommitId);
        Assert.Equal(3, fleet.Inventory.Sites.Count);
        Assert.Single(Directory.GetDirectories(_cache));
        Assert.Equal("gateway/gateway.conf", TestEngine.Renderer(fleet).Render("ber-02").Files[1].Path);

        // A new commit on the server is seen on the next open (fetch), by branch name and by HEAD.
        var second = _work.Commit("sites/osl-02.yaml", "region: eu-north\ndistribution: no-hospital\n");
        Git(_work.Root, "push", "--quiet", bare, "HEAD:refs/heads/" + CurrentBranch());
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
        var port = FreePort();
        var ex = Assert.Throws<FleetException>(() => FleetRepository.Open($"git://127.0.0.1:{port}/none.git", "HEAD", new FleetRepositoryOptions { CacheDirectory = _cache }));
        Assert.Contains($"git://127.0.0.1:{port}/none.git", ex.Message, StringComparison.Ordinal);
    }

    private string CurrentBranch() => Git(_work.Root, "rev-parse", "--abbrev-ref", "HEAD").Trim();

    private int StartDaemon()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("git")
        {
            ArgumentList = { "daemon", "--reuseaddr", "--base-path=" + _serveRoot, "--export-all", "--port=" + port, "--listen=127.0.0.1", _serveRoot },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _daemon = Process.Start(start)!;
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        // The daemon has no readiness signal; poll the port.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return port;
            }
            catch (SocketException)
            {
                Assert.False(_daemon.HasExited, "git daemon exited early");
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException("git daemon did not start listening");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Git(string? workDir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workDir is not null)
        {
            start.WorkingDirectory = workDir;
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output.Result;
    }
}
