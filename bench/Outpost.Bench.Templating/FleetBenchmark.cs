using System.Diagnostics;
using System.Globalization;

namespace Outpost.Bench.Templating;

/// <summary>
/// The default mode: the sample fleet scaled to N sites (clones of its sample sites with new ids), every site's bundle
/// templates rendered with the C# engine and with Python's Jinja2, outputs compared by SHA-256.
/// </summary>
internal static class FleetBenchmark
{
    public static int Run(string[] args)
    {
        var siteCount = BenchArgs.Int(args, "--sites", 10_000);
        var warmup = BenchArgs.Int(args, "--warmup", 200);
        var python = BenchArgs.Python(args);
        var source = BenchArgs.String(args, "--fleet", "") is { Length: > 0 } given ? Path.GetFullPath(given) : FindExampleFleet();

        var setup = Stopwatch.StartNew();
        using var scaled = ScaledFleet.Create(source, siteCount);
        var fleet = scaled.Open();
        var workload = FleetWorkload.Build(fleet, scaled.Root);
        var workloadJson = scaled.Root + ".workload.json";
        FleetWorkloadJson.Write(workload, workloadJson, warmup);
        setup.Stop();
        try
        {
            PrintHeader(workload, source, scaled, warmup, setup.Elapsed);
            var runner = new FleetCSharpRunner(workload);
            var csharp = runner.Run(workload, warmup);
            BenchResult? jinja = null;
            try
            {
                jinja = FleetPythonRunner.Run(python, workloadJson);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.WriteLine($"Python/Jinja2 run failed: {ex.Message}");
            }
            ResultTable.Print(csharp, jinja);
            var checkedOk = BenchArgs.Flag(args, "--no-fleet-check") || FleetRendererCheck.Run(workload, runner);
            var identical = jinja is not null && jinja.Sha256 == csharp.Sha256 && jinja.Renders == csharp.Renders && csharp.Failures == 0;
            return identical && checkedOk ? 0 : 1;
        }
        finally
        {
            if (BenchArgs.Flag(args, "--keep"))
            {
                Console.WriteLine($"kept {workloadJson} (re-run: python3 bench_fleet_jinja.py {workloadJson})");
            }
            else
            {
                File.Delete(workloadJson);
            }
        }
    }

    private static void PrintHeader(FleetWorkload workload, string source, ScaledFleet scaled, int warmup, TimeSpan setup)
    {
        var o = workload.Options;
        var templates = workload.Bundles.Sum(b => b.Files.Count);
        var pathTemplates = workload.Bundles.Sum(b => b.Files.Count(f => f.PathIsTemplated));
        var pathRenders = workload.Jobs.Count(j => j.File.PathIsTemplated);
        Console.WriteLine($"Fleet: {source} ({workload.Fleet.Settings.Name}), {scaled.SampleIds.Count} sample sites cloned to {workload.Sites.Count:N0} sites (site-00001...; clone i = sample (i-1) mod {scaled.SampleIds.Count}, same labels and variables, new id)");
        Console.WriteLine($"Bundles: {string.Join(", ", workload.Bundles.Select(b => $"{b.Name} ({b.Files.Count} templates)"))}; {templates} templates, {pathTemplates} templated output path(s), partials included via the loader");
        Console.WriteLine($"Options from fleet.yaml: trim_blocks={o.TrimBlocks} lstrip_blocks={o.LstripBlocks} keep_trailing_newline={o.KeepTrailingNewline} strict_undefined={o.StrictUndefined}");
        Console.WriteLine($"Per engine: {workload.Jobs.Count:N0} files rendered (= renders; each also renders its output path when templated: {pathRenders:N0} path renders), {workload.RawFiles:N0} copied files/ not rendered");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Timed: the render loop only (path + body render, UTF-8 encode, SHA-256), 1 thread each, after a warm-up over the first {warmup} sites; not timed: loading, compiling, building data/jobs, JSON, process start. Setup took {setup.TotalSeconds:0.0} s."));
    }

    private static string FindExampleFleet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "fleet");
            if (File.Exists(Path.Combine(candidate, "fleet.yaml")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("examples/fleet not found above " + AppContext.BaseDirectory + "; pass --fleet PATH");
    }
}
