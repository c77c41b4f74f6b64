using Outpost.Agent.Health;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Tests.Health;

/// <summary>Real processes and a real loopback HTTP server.</summary>
public sealed class HealthCheckRunnerTests : IDisposable
{
    private readonly TempDirectory _release = new();
    private readonly HealthCheckRunner _runner = new(TimeProvider.System);

    public void Dispose() => _release.Dispose();

    private async Task<HealthCheckResult> RunOneAsync(HealthCheck check) =>
        Assert.Single(await _runner.RunAsync([check], _release.Path, CancellationToken.None));

    [Fact]
    public async Task A_passing_command_runs_in_the_release_directory()
    {
        File.WriteAllText(_release.Sub("check.sh"), "#!/bin/sh\necho \"ok from $(pwd)\"\n");
        File.SetUnixFileMode(_release.Sub("check.sh"), (UnixFileMode)0b111_101_101);

        var result = await RunOneAsync(new HealthCheck { Name = "script", Command = ["./check.sh"] });

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("script", result.Name);
        Assert.Contains("exit code 0", result.Detail);
        Assert.Contains("ok from " + _release.Path, result.Detail);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_failing_command_is_unhealthy_with_its_stderr_in_the_detail()
    {
        var result = await RunOneAsync(new HealthCheck { Name = "fails", Command = ["/bin/sh", "-c", "echo some output; echo disk full >&2; exit 1"] });

        Assert.False(result.Healthy);
        Assert.Contains("exit code 1", result.Detail);
        Assert.Contains("disk full", result.Detail);
        Assert.Contains("some output", result.Detail);
    }

    [Fact]
    public async Task Long_output_is_cut_to_its_end()
    {
        var result = await RunOneAsync(new HealthCheck { Name = "noisy", Command = ["/bin/sh", "-c", "seq 1 100000; echo the-end >&2; exit 3"] });

        Assert.False(result.Healthy);
        Assert.Contains("100000", result.Detail);
        Assert.Contains("the-end", result.Detail);
        Assert.Contains("bytes cut", result.Detail);
        Assert.True(result.Detail.Length < 3 * HealthCheckRunner.OutputLimit);
    }

    [Fact]
    public async Task A_command_that_cannot_start_is_unhealthy()
    {
        var result = await RunOneAsync(new HealthCheck { Name = "missing", Command = ["./no-such-program"] });

        Assert.False(result.Healthy);
        Assert.Contains("could not start", result.Detail);
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_with_its_children()
    {
        var pidFile = _release.Sub("child.pid");
        var result = await RunOneAsync(new HealthCheck
        {
            Name = "hangs",
            Command = ["/bin/sh", "-c", "echo started; sleep 60 & echo $! > child.pid; wait"],
            TimeoutSeconds = 0.5,
        });

        Assert.False(result.Healthy);
        Assert.Contains("timed out", result.Detail);
        Assert.Contains("started", result.Detail);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30));

        var child = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(await GoneAsync(child), $"child process {child} of the timed-out check is still running");
    }

    [Fact]
    public async Task Http_2xx_is_healthy_and_500_is_not()
    {
        await using var server = new TinyHttpServer();

        var results = await _runner.RunAsync(
            [new HealthCheck { Name = "up", Http = server.Url("/status/200") }, new HealthCheck { Name = "down", Http = server.Url("/status/500") }],
            _release.Path,
            CancellationToken.None);

        Assert.True(results[0].Healthy, results[0].Detail);
        Assert.Contains("200", results[0].Detail);
        Assert.False(results[1].Healthy);
        Assert.Contains("500", results[1].Detail);
        Assert.Contains("database unreachable", results[1].Detail);
    }

    [Fact]
    public async Task Http_past_its_timeout_or_refused_is_unhealthy()
    {
        await using var server = new TinyHttpServer();
        var refusedUrl = new TinyHttpServer();
        var refused = refusedUrl.Url("/status/200");
        await refusedUrl.DisposeAsync();

        var results = await _runner.RunAsync(
            [new HealthCheck { Name = "slow", Http = server.Url("/slow"), TimeoutSeconds = 0.3 }, new HealthCheck { Name = "refused", Http = refused }],
            _release.Path,
            CancellationToken.None);

        Assert.False(results[0].Healthy);
        Assert.Contains("timed out", results[0].Detail);
        Assert.False(results[1].Healthy);
        Assert.Contains("failed", results[1].Detail);
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        // A killed orphan may linger as a zombie until init reaps it; a zombie is not running.
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(')')[^1].TrimStart().StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
