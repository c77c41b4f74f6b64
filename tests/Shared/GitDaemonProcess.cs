using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outpost.Tests.Shared;

/// <summary>`git daemon` serving every repository under a directory over git:// on 127.0.0.1 (linked into the test projects that need it).</summary>
internal sealed class GitDaemonProcess : IDisposable
{
    private readonly Process _process;

    private GitDaemonProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts the daemon and returns once its port accepts connections (it prints nothing when ready).</summary>
    public static async Task<GitDaemonProcess> StartAsync(string serveRoot)
    {
        var port = FreePort();
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
        var daemon = new GitDaemonProcess(process, port);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return daemon;
            }
            catch (SocketException) when (attempt < 150 && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                daemon.Dispose();
                throw new InvalidOperationException(process.HasExited ? "git daemon exited early" : "git daemon did not start listening");
            }
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
