using System.Diagnostics;
using Outpost.Fleet;

namespace Outpost.Bench.Templating;

/// <summary>
/// Checks that the benchmark renders what the product renders: every site is also rendered with
/// <see cref="FleetRenderer"/> (in chunks, so the whole fleet's output is never held at once), and each site's
/// templated files must hash equal (RenderedBundle.ComputeContentHash) to the benchmark's C# render of its jobs.
/// Files copied from files/ are set aside and only counted. Also times FleetRenderer's full pipeline.
/// </summary>
internal static class FleetRendererCheck
{
    private const int Chunk = 1000;

    public static bool Run(FleetWorkload workload, FleetCSharpRunner runner)
    {
        var renderer = new FleetRenderer(workload.Fleet);
        var jobsBySite = workload.Jobs.ToLookup(j => j.Site);
        var threads = new FleetRenderOptions().MaxDegreeOfParallelism;
        var mismatches = new List<string>();
        var rawLeft = 0;
        var pipeline = TimeSpan.Zero;
        for (var first = 0; first < workload.Sites.Count; first += Chunk)
        {
            var sites = workload.Sites.Skip(first).Take(Chunk).ToList();
            var watch = Stopwatch.StartNew();
            var result = renderer.RenderSites(sites);
            pipeline += watch.Elapsed;
            if (!result.Succeeded)
            {
                Console.WriteLine($"FleetRenderer failed: {string.Join("; ", result.Errors.Take(3))}");
                return false;
            }
            for (var s = first; s < first + sites.Count; s++)
            {
                var ours = jobsBySite[s].Select(runner.RenderFile).OfType<RenderedFile>().ToList();
                var paths = ours.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
                var theirs = result[workload.Sites[s].Id]!.Files;
                rawLeft += theirs.Count - theirs.Count(f => paths.Contains(f.Path));
                if (RenderedBundle.ComputeContentHash(ours) != RenderedBundle.ComputeContentHash(theirs.Where(f => paths.Contains(f.Path))))
                {
                    mismatches.Add(workload.Sites[s].Id);
                }
            }
        }
        var ok = mismatches.Count == 0 && rawLeft == workload.RawFiles;
        Console.WriteLine(ok
            ? $"FleetRenderer cross-check: all {workload.Sites.Count:N0} sites' templated files identical to the benchmark's C# renders ({rawLeft:N0} copied files/ set aside)."
            : $"FleetRenderer cross-check FAILED: {mismatches.Count} site(s) differ ({string.Join(", ", mismatches.Take(5))}); copied files {rawLeft} vs expected {workload.RawFiles}.");
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"FleetRenderer.RenderSites, full pipeline (schema checks, input hashes, data copies, path checks, UTF-8), {threads} threads, chunks of {Chunk}: {pipeline.TotalSeconds:0.000} s, {workload.Sites.Count / pipeline.TotalSeconds:N0} sites/s (for information; not in the ratio)."));
        return ok;
    }
}
