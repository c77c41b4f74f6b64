using System.Diagnostics;
using Outpost.Agent.State;

namespace Outpost.Agent.Tests.State;

/// <summary>One agent per data directory, on real files and a real process holding the lock.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_second_agent_on_the_directory_is_refused_naming_it_and_the_holder_and_may_take_it_once_the_first_lets_go()
    {
        var first = DataDirectoryLock.Acquire(_temp.Path);

        var refused = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_temp.Path));
        Assert.Contains($"another agent is already running on {_temp.Path} (process {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir", refused.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = DataDirectoryLock.Acquire(_temp.Path);
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(_temp.Path, DataDirectoryLock.PidFileName)));
    }

    [Fact]
    public async Task A_holder_killed_with_SIGKILL_leaves_the_directory_free()
    {
        // util-linux's flock(1) takes the same kind of lock (flock(2), exclusive) and, with --no-fork, becomes the sleep that
        // holds it: one process holds the descriptor, so once it is reaped the lock is gone (a forked sleep could outlive it).
        var path = Path.Combine(_temp.Path, DataDirectoryLock.FileName);
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--no-fork", path, "sleep", "600"]) { UseShellExecute = false })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!IsLocked(path))
            {
                Assert.True(DateTime.UtcNow < deadline, "flock(1) never took the lock");
                await Task.Delay(20);
            }

            Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_temp.Path));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        using var taken = DataDirectoryLock.Acquire(_temp.Path);
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(_temp.Path, DataDirectoryLock.PidFileName)));
    }

    private bool IsLocked(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            DataDirectoryLock.Acquire(_temp.Path).Dispose();
            return false;
        }
        catch (DataDirectoryInUseException)
        {
            return true;
        }
    }
}
