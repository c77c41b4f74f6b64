using Outpost.Protocol.Bundles;

namespace Outpost.Bench.Fleet;

/// <summary>
/// A simulated agent's remembered state between harness runs (applied revision, its manifest and blob digests), like a
/// real agent's disk state, so a re-run does not make every agent download the previous run's bundle again.
/// </summary>
internal static class AgentCache
{
    private const string FileName = "bench-state.txt";
    private const string ManifestFileName = "bench-manifest.json";

    public static (string? Revision, byte[]? Manifest, HashSet<string> Digests) Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path))
        {
            return (null, null, new HashSet<string>(StringComparer.Ordinal));
        }

        var lines = File.ReadAllLines(path);
        var revision = lines.Length > 0 && lines[0].Length > 0 ? lines[0] : null;
        var manifest = File.Exists(manifestPath) ? File.ReadAllBytes(manifestPath) : null;
        // Only the applied revision's own manifest is a base for patches (a run of an older harness may have left another).
        manifest = manifest is not null && ContentDigest.Of(manifest) == revision ? manifest : null;
        return (revision, manifest, new HashSet<string>(lines.Skip(1), StringComparer.Ordinal));
    }

    public static void Save(string directory, string? revision, byte[]? manifest, IEnumerable<string> digests)
    {
        File.WriteAllLines(Path.Combine(directory, FileName), digests.Prepend(revision ?? ""));
        if (manifest is not null)
        {
            File.WriteAllBytes(Path.Combine(directory, ManifestFileName), manifest);
        }
    }
}
