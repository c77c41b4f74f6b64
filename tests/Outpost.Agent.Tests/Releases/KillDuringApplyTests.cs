using Outpost.Agent.Releases;
using Outpost.Protocol.Bundles;
using Xunit.Abstractions;

namespace Outpost.Agent.Tests.Releases;

/// <summary>kill -9 the harness at varying moments while it applies two bundles alternately; every time, old or new, never a mix.</summary>
public sealed class KillDuringApplyTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 20;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_kill_at_any_moment_leaves_the_old_or_the_new_release_never_a_mix()
    {
        var a = await TestBundles.BuildAsync(_temp.Sub("a"), Files(seed: 1, unique: "only-a"));
        var b = await TestBundles.BuildAsync(_temp.Sub("b"), Files(seed: 2, unique: "only-b"));
        var manifests = new Dictionary<string, BundleManifest> { [a.ManifestDigest] = a.Manifest, [b.ManifestDigest] = b.Manifest };
        var data = _temp.Sub("data");
        var random = new Random(20240601);
        var lastLines = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            using var harness = CrashHarnessProcess.Start(data, _temp.Sub("a"), _temp.Sub("b"));
            var stderr = harness.StandardError.ReadToEndAsync();
            var ready = await ReadLineAsync(harness, TimeSpan.FromMinutes(2));
            Assert.True(ready?.StartsWith("ready ", StringComparison.Ordinal) == true, $"round {round}: the harness did not get ready: {ready}\n{await StderrAsync(harness, stderr)}");

            // Kill somewhere within about two applies, at a different point each round.
            var applyMs = Math.Max(20, int.Parse(ready!["ready ".Length..]));
            var lines = CollectLines(harness);
            await Task.Delay(random.Next(0, 2 * applyMs));
            harness.Kill();
            await harness.WaitForExitAsync();
            lastLines.Add((await lines).LastOrDefault() ?? ready);

            var store = new ReleaseStore(data, TimeProvider.System, keepReleases: 1);
            store.Recover();

            var current = store.CurrentRevision;
            Assert.True(current is not null && manifests.ContainsKey(current), $"round {round}: current is {current ?? "missing"}");
            Assert.True(ReleaseAssert.Matches(Path.Combine(data, "current"), manifests[current!]), $"round {round}: current ({current}) does not match its manifest exactly");
            foreach (var kept in store.Revisions)
            {
                Assert.True(manifests.ContainsKey(kept) && ReleaseAssert.Matches(store.PathOf(kept), manifests[kept]), $"round {round}: kept release {kept} is not complete");
            }

            Assert.Empty(Directory.EnumerateDirectories(store.ReleasesDirectory, ".*"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(data, ".current-*"));
        }

        // Where the kills landed, for whoever reads the log; not asserted, as timing is not.
        foreach (var group in lastLines.GroupBy(l => l.Split(' ')[0]))
        {
            output.WriteLine($"killed after '{group.Key}': {group.Count()} of {Rounds}");
        }
    }

    /// <summary>Many files in nested directories; the two bundles share most paths with different content and modes.</summary>
    private static Dictionary<string, (string, int)> Files(int seed, string unique)
    {
        var random = new Random(seed);
        var modes = new[] { 0b110_100_100, 0b111_101_101, 0b110_000_000, 0b100_100_100 };
        var files = new Dictionary<string, (string, int)>();
        for (var i = 0; i < 240; i++)
        {
            var path = $"d{i % 7}/s{i % 3}/file{i}.txt";
            files[path] = ($"{seed}:{i}:" + new string((char)('a' + random.Next(26)), random.Next(512, 6144)), modes[random.Next(modes.Length)]);
        }

        for (var i = 0; i < 40; i++)
        {
            files[$"{unique}/f{i}.bin"] = ($"{unique} {i}", modes[i % modes.Length]);
        }

        return files;
    }

    private static async Task<string?> ReadLineAsync(System.Diagnostics.Process process, TimeSpan timeout)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            return null;
        }
    }

    private static async Task<List<string>> CollectLines(System.Diagnostics.Process process)
    {
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<string> StderrAsync(System.Diagnostics.Process process, Task<string> stderr)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        return await stderr;
    }
}
