namespace Outpost.Bench.Fleet;

/// <summary>
/// A simulated agent's remembered state between harness runs (applied revision and blob digests), like a real
/// agent's disk state, so a re-run does not make every agent download the previous run's bundle again.
/// </summary>
internal static class AgentCache
{
    private const string FileName = "bench-state.txt";

    public static (string? Revision, HashSet<string> Digests) Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return (null, new HashSet<string>(StringComparer.Ordinal));
        }

        var lines = File.ReadAllLines(path);
        return (lines.Length > 0 && lines[0].Length > 0 ? lines[0] : null, new HashSet<string>(lines.Skip(1), StringComparer.Ordinal));
    }

    public static void Save(string directory, string? revision, IEnumerable<string> digests) =>
        File.WriteAllLines(Path.Combine(directory, FileName), digests.Prepend(revision ?? ""));
}
