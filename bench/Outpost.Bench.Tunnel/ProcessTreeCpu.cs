using System.Globalization;

namespace Outpost.Bench.Tunnel;

/// <summary>
/// CPU time (user + system) used by processes and all their descendants, from /proc: sshd serves each connection in a
/// forked child, so a path's cost is its processes' trees, not the processes alone.
/// </summary>
internal static class ProcessTreeCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build .NET runs on

    /// <summary>Seconds of CPU used so far by <paramref name="roots"/> and their descendants; 0 where /proc is missing.</summary>
    public static double Seconds(IReadOnlyCollection<int> roots)
    {
        if (roots.Count == 0 || !Directory.Exists("/proc"))
        {
            return 0;
        }

        var stats = new List<(int Pid, int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // The command name may hold spaces and parentheses: fields are counted after its closing one.
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                stats.Add((pid, int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process ended while the table was read
            }
        }

        var inTree = new HashSet<int>(roots);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent, _) in stats)
            {
                if (inTree.Contains(parent) && inTree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        return stats.Where(s => inTree.Contains(s.Pid)).Sum(s => s.Ticks) / TicksPerSecond;
    }
}
