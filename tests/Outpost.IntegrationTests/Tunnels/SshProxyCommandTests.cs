using System.Diagnostics;
using Outpost.Hub.Tunnels;
using Outpost.Tests.Shared;

namespace Outpost.IntegrationTests.Tunnels;

/// <summary>`outpost tunnel SITE --stdio` as OpenSSH's ProxyCommand: a real ssh client logs in to a real sshd at the site.</summary>
public sealed class SshProxyCommandTests
{
    [Fact]
    public async Task Ssh_logs_in_to_the_site_with_outpost_tunnel_stdio_as_its_proxy_command()
    {
        using var sshd = await LoopbackSshd.StartAsync(Path.Combine(Path.GetTempPath(), "outpost-sshd-" + Guid.NewGuid().ToString("N")));
        var target = $"127.0.0.1:{sshd.Port}";
        await using var site = await TunnelSite.StartAsync("lab-tunnel-ssh", target);
        var outpost = Path.Combine(AppContext.BaseDirectory, "outpost");
        var proxyCommand = $"{outpost} tunnel {site.SiteId} --stdio {target} --config {site.Hub.Host.OperatorConfigPath}";

        // The remote shell does the arithmetic, so the answer can only come from a login at the site.
        var (exit, stdout, stderr) = await RunSshAsync([.. sshd.ClientOptions(), "-o", "ProxyCommand=" + proxyCommand, $"{LoopbackSshd.User}@{site.SiteId}", "echo $((6 * 7))"]);

        Assert.True(exit == 0, $"ssh exited {exit}: {stderr}\nsshd: {sshd.Log}");
        Assert.Equal("42", stdout.Trim());
        var audit = await TunnelTransferTests.WaitForAuditAsync(site, 1);
        var stream = Assert.Single(audit);
        Assert.Equal((target, TunnelOutcome.Closed, "operator:admin"), (stream.Target, stream.Outcome, stream.Operator));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunSshAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("ssh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var ssh = Process.Start(start)!;
        ssh.StandardInput.Close();
        var stdout = ssh.StandardOutput.ReadToEndAsync();
        var stderr = ssh.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await ssh.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ssh.Kill(entireProcessTree: true);
            throw new TimeoutException($"ssh did not finish within 60 s: {await stderr}");
        }

        return (ssh.ExitCode, await stdout, await stderr);
    }
}
