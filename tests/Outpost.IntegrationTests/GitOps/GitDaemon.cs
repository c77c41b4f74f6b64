using System.Diagnostics;
using System.Net.Sockets;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.GitOps;

/// <summary>`git daemon` serving a bare clone of a test repository over git:// on 127.0.0.1.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly Process _process;
    private readonly string _serveRoot;

    private GitDaemon(Process process, string serveRoot, string bare, int port)
    {
        _process = process;
        _serveRoot = serveRoot;
        Bare = bare;
        Url = $"git://127.0.0.1:{port}/fleet.git";
    }

    public string Url { get; }

    /// <summary>The served bare repository; push to it to publish commits.</summary>
    public string Bare { get; }

    public static async Task<GitDaemon> ServeAsync(FleetGitRepo repo)
    {
        var serveRoot = Directory.CreateTempSubdirectory("outpost-git-daemon-").FullName;
        var bare = Path.Combine(serveRoot, "fleet.git");
        FleetGitRepo.Git(null, "clone", "--bare", "--quiet", repo.Root, bare);
        var port = TestHub.FreePort();
        var start = new ProcessStartInfo("git")
        {
            ArgumentList = { "daemon", "--reuseaddr", "--export-all", "--base-path=" + serveRoot, "--port=" + port, "--listen=127.0.0.1", serveRoot },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new GitDaemon(process, serveRoot, bare, port);
        // git daemon says nothing when it is ready: wait until the port accepts.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return daemon;
            }
            catch (SocketException) when (attempt < 150 && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Push(FleetGitRepo repo) => FleetGitRepo.Git(repo.Root, "push", "--quiet", Bare, "main:main");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

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
