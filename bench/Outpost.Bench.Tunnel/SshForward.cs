using Outpost.Tests.Shared;

namespace Outpost.Bench.Tunnel;

/// <summary>
/// OpenSSH's local forward on loopback: its own sshd (<see cref="LoopbackSshd"/>, as the current user, forwarding only to
/// the target) and an <c>ssh -N -L</c> client.
/// </summary>
internal sealed class SshForward : IDisposable
{
    private LoopbackSshd? _sshd;
    private ChildProcess? _client;

    public int LocalPort { get; private set; }

    /// <summary>The long-running processes of this path (their descendants count too: see <see cref="ProcessTreeCpu"/>).</summary>
    public IReadOnlyCollection<int> ProcessIds => new[] { _sshd?.ProcessId, _client?.Id }.OfType<int>().ToArray();

    public static async Task<SshForward> StartAsync(string workDirectory, int targetPort)
    {
        var forward = new SshForward();
        try
        {
            var sshd = forward._sshd = await LoopbackSshd.StartAsync(Path.Combine(workDirectory, "ssh"), permitOpen: $"127.0.0.1:{targetPort}");
            forward.LocalPort = Measurements.FreePort();
            forward._client = ChildProcess.Start("ssh", [
                "-N", "-T", .. sshd.ClientOptions(), "-o", "ExitOnForwardFailure=yes",
                "-L", $"127.0.0.1:{forward.LocalPort}:127.0.0.1:{targetPort}", $"{LoopbackSshd.User}@127.0.0.1"]);
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
        _client?.Dispose();
        _sshd?.Dispose();
    }
}
