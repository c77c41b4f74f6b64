namespace Outpost.Bench.Tunnel;

/// <summary>
/// OpenSSH's local forward on loopback: its own sshd (generated host key, an authorized key it makes, as the current user,
/// on a loopback port) and an <c>ssh -N -L</c> client.
/// </summary>
internal sealed class SshForward : IDisposable
{
    private readonly List<ChildProcess> _children = [];

    public int LocalPort { get; private set; }

    /// <summary>The long-running processes of this path (their descendants count too: see <see cref="ProcessTreeCpu"/>).</summary>
    public IReadOnlyCollection<int> ProcessIds => _children.Select(c => c.Id).ToArray();

    public static async Task<SshForward> StartAsync(string workDirectory, int targetPort)
    {
        var forward = new SshForward();
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(workDirectory, "ssh")).FullName;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "host_key")]);
            await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "user_key")]);
            File.Copy(Path.Combine(dir, "user_key.pub"), Path.Combine(dir, "authorized_keys"));
            var sshPort = Measurements.FreePort();
            var config = Path.Combine(dir, "sshd_config");
            await File.WriteAllTextAsync(config, $"""
                ListenAddress 127.0.0.1
                Port {sshPort}
                HostKey {Path.Combine(dir, "host_key")}
                AuthorizedKeysFile {Path.Combine(dir, "authorized_keys")}
                PidFile {Path.Combine(dir, "sshd.pid")}
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                AllowTcpForwarding local
                PermitOpen 127.0.0.1:{targetPort}
                """);
            // sshd wants its privilege separation directory even when it runs as one user.
            if (Environment.UserName == "root")
            {
                Directory.CreateDirectory("/run/sshd");
            }

            forward._children.Add(ChildProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-f", config]));
            await Measurements.WaitForPortAsync(sshPort, TimeSpan.FromSeconds(20));
            forward.LocalPort = Measurements.FreePort();
            forward._children.Add(ChildProcess.Start("ssh", [
                "-N", "-T", "-i", Path.Combine(dir, "user_key"), "-p", sshPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
                "-L", $"127.0.0.1:{forward.LocalPort}:127.0.0.1:{targetPort}", $"{Environment.UserName}@127.0.0.1"]));
            await Measurements.WaitForPortAsync(forward.LocalPort, TimeSpan.FromSeconds(20));
            return forward;
        }
        catch
        {
            forward.Dispose();
            throw;
        }
    }

    public string Version => "OpenSSH (Debian openssh-server)";

    public void Dispose()
    {
        foreach (var child in Enumerable.Reverse(_children))
        {
            child.Dispose();
        }
    }
}
