using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outpost.Tests.Shared;

/// <summary>
/// Debian's OpenSSH server on a loopback port, as the current user: its own host key, and a client key it authorises
/// (linked into the tunnel tests and the tunnel benchmark, which both need a real sshd).
/// </summary>
internal sealed class LoopbackSshd : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private LoopbackSshd(Process process, string directory, int port, string userKey)
    {
        _process = process;
        _directory = directory;
        Port = port;
        UserKey = userKey;
    }

    public int Port { get; }

    /// <summary>The private key sshd accepts for <see cref="User"/>.</summary>
    public string UserKey { get; }

    public static string User => Environment.UserName;

    public int ProcessId => _process.Id;

    /// <summary>What sshd wrote (it logs to stderr with -e), for error messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts sshd with its keys and config in <paramref name="directory"/> (removed again on dispose);
    /// <paramref name="permitOpen"/> limits local forwards (none: no forwarding).
    /// </summary>
    public static async Task<LoopbackSshd> StartAsync(string directory, string? permitOpen = null)
    {
        var dir = Directory.CreateDirectory(directory).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await KeyGenAsync(Path.Combine(dir, "host_key"));
        await KeyGenAsync(Path.Combine(dir, "user_key"));
        File.Copy(Path.Combine(dir, "user_key.pub"), Path.Combine(dir, "authorized_keys"), overwrite: true);
        var port = FreePort();
        var config = Path.Combine(dir, "sshd_config");
        var forwarding = permitOpen is null ? "AllowTcpForwarding no" : $"AllowTcpForwarding local\nPermitOpen {permitOpen}";
        await File.WriteAllTextAsync(config, $"""
            ListenAddress 127.0.0.1
            Port {port}
            HostKey {Path.Combine(dir, "host_key")}
            AuthorizedKeysFile {Path.Combine(dir, "authorized_keys")}
            PidFile {Path.Combine(dir, "sshd.pid")}
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PermitRootLogin prohibit-password
            {forwarding}
            """);

        // sshd wants its privilege separation directory even when it runs as one user.
        if (Environment.UserName == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }

        var start = new ProcessStartInfo("/usr/sbin/sshd") { ArgumentList = { "-D", "-e", "-f", config }, RedirectStandardError = true, RedirectStandardOutput = true };
        var sshd = new LoopbackSshd(Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/sbin/sshd"), dir, port, Path.Combine(dir, "user_key"));
        sshd._process.ErrorDataReceived += (_, e) => sshd.Append(e.Data);
        sshd._process.OutputDataReceived += (_, e) => sshd.Append(e.Data);
        sshd._process.BeginErrorReadLine();
        sshd._process.BeginOutputReadLine();
        try
        {
            await sshd.WaitForPortAsync(TimeSpan.FromSeconds(20));
            return sshd;
        }
        catch
        {
            sshd.Dispose();
            throw;
        }
    }

    /// <summary>The options an ssh client needs to log in here without prompts or the user's own ssh config (then USER@HOST).</summary>
    public IEnumerable<string> ClientOptions() =>
        ["-F", "/dev/null", "-i", UserKey, "-p", Port.ToString(CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes"];

    private async Task WaitForPortAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"sshd did not start listening on 127.0.0.1:{Port}:\n{Log}");
            }
        }
    }

    private static async Task KeyGenAsync(string path)
    {
        File.Delete(path);
        File.Delete(path + ".pub");
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen") { ArgumentList = { "-q", "-t", "ed25519", "-N", "", "-f", path }, RedirectStandardError = true })
            ?? throw new InvalidOperationException("could not start ssh-keygen");
        var error = await keygen.StandardError.ReadToEndAsync();
        await keygen.WaitForExitAsync();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed ({keygen.ExitCode}): {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

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
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still in use: the temporary directory's own clean-up gets it
        }
    }
}
