using System.Globalization;
using System.Text;

namespace Outpost.Agent.State;

/// <summary>
/// Holds <c>DATA/agent.lock</c> for as long as an agent runs on a data directory. A second agent there (a technician's
/// <c>agent run</c> beside the service) would take the session from the first in turn and apply into the same releases.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "agent.lock";

    /// <summary>The file beside it with the process id of the agent that has the lock (.NET's own lock keeps others from reading the lock file).</summary>
    public const string PidFileName = "agent.pid";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or throws <see cref="DataDirectoryInUseException"/> naming the directory and the process that holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Unix: released by the kernel however the holder ends, kill -9 included.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirectoryInUseException(
                $"another agent is already running on {directory}{Holder(directory)}: stop it first (the service: 'sudo systemctl stop outpost-agent'), or give this one another --data-dir", e);
        }

        File.WriteAllText(Path.Combine(directory, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", Encoding.ASCII);
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();

    /// <summary>" (process N)" when the pid file names a live process; empty otherwise (something else holds the lock).</summary>
    private static string Holder(string directory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, PidFileName)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}") ? $" (process {pid})" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
