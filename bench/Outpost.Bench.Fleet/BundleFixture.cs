using System.Globalization;
using System.Text;

namespace Outpost.Bench.Fleet;

/// <summary>Writes the test bundle: 64 realistic YAML-like config files of 16 KiB (1 MiB), and a copy with one file changed.</summary>
internal static class BundleFixture
{
    public const int FileCount = 64;
    public const int FileBytes = 16 * 1024;
    public const int ChangedFile = 17;

    private static readonly string[] Words =
    [
        "ingress", "gateway", "cache", "metrics", "exporter", "scheduler", "worker", "queue", "sensor", "camera",
        "uplink", "backhaul", "vlan", "dhcp", "ntp", "syslog", "grafana", "loki", "mqtt", "broker", "edge", "plc",
    ];

    public static long BundleBytes => (long)FileCount * FileBytes;

    /// <summary>The same files every run (fixed seed), so a re-run's first revision needs no new blobs.</summary>
    public static string WriteBase(string root)
    {
        var directory = Path.Combine(root, "bundle-base");
        Directory.CreateDirectory(Path.Combine(directory, "services"));
        for (var i = 0; i < FileCount; i++)
        {
            File.WriteAllText(PathOf(directory, i), ServiceFile(i, replicas: 3, note: null));
        }

        return directory;
    }

    /// <summary>The base bundle with one file's replica count and header changed; the run id makes the change new each run.</summary>
    public static string WriteChanged(string root, string baseDirectory, string runId)
    {
        var directory = Path.Combine(root, "bundle-changed");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(directory, "services"));
        for (var i = 0; i < FileCount; i++)
        {
            File.Copy(PathOf(baseDirectory, i), PathOf(directory, i));
        }

        File.WriteAllText(PathOf(directory, ChangedFile), ServiceFile(ChangedFile, replicas: 4, note: runId));
        return directory;
    }

    private static string PathOf(string directory, int i) => Path.Combine(directory, "services", $"svc-{i:D2}.yaml");

    private static string ServiceFile(int index, int replicas, string? note)
    {
        var random = new Random(index);
        var text = new StringBuilder(FileBytes + 256);
        text.Append(CultureInfo.InvariantCulture, $"# svc-{index:D2}: site service configuration{(note is null ? "" : $" (change {note})")}\n");
        text.Append(CultureInfo.InvariantCulture, $"service:\n  name: svc-{index:D2}\n  replicas: {replicas}\n  image: registry.local/outpost/svc-{index:D2}:1.{index}.0\n  env:\n");
        for (var n = 0; text.Length < FileBytes; n++)
        {
            var word = Words[random.Next(Words.Length)];
            text.Append(CultureInfo.InvariantCulture, $"    - name: {word.ToUpperInvariant()}_{n:D4}\n      value: \"{word}-{Words[random.Next(Words.Length)]}.{random.Next(1, 254)}.lab:{random.Next(1024, 65535)}\"\n");
        }

        // Exactly 16 KiB, ending in a newline, so the bundle is exactly 1 MiB.
        text.Length = FileBytes - 1;
        text.Append('\n');
        return text.ToString();
    }
}
