using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Outpost.Fleet;
using Outpost.Templating;

namespace Outpost.Bench.Templating;

/// <summary>
/// Renders a fleet workload with Outpost.Templating on one thread: one environment per bundle (as the fleet does),
/// every template and path template compiled once before timing; only the render loop is timed.
/// </summary>
internal sealed class FleetCSharpRunner
{
    private readonly Template[] _bodies;
    private readonly Template?[] _paths;

    public FleetCSharpRunner(FleetWorkload workload)
    {
        var count = workload.Bundles.Sum(b => b.Files.Count);
        _bodies = new Template[count];
        _paths = new Template?[count];
        foreach (var bundle in workload.Bundles)
        {
            var environment = new TemplateEnvironment(workload.Options, new DictionaryTemplateLoader(bundle.Sources));
            foreach (var file in bundle.Files)
            {
                _bodies[file.Id] = environment.FromString(bundle.Sources[file.Template], file.Template);
                _paths[file.Id] = file.PathIsTemplated ? environment.FromString(file.PathTemplate, file.Template + " (output path)") : null;
            }
        }
    }

    /// <summary>Renders the jobs of the first <paramref name="warmupSites"/> sites untimed, then every job timed.</summary>
    public BenchResult Run(FleetWorkload workload, int warmupSites)
    {
        var jobs = workload.Jobs;
        var warmup = workload.JobsOfFirstSites(warmupSites);
        for (var i = 0; i < warmup; i++)
        {
            TryRender(jobs[i], out _, out _);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        foreach (var job in jobs)
        {
            if (!TryRender(job, out var path, out var content))
            {
                failures++;
                continue;
            }
            var encoded = Encoding.UTF8.GetBytes(content);
            bytes += encoded.Length;
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData([0]);
            hash.AppendData(encoded);
            hash.AppendData([0]);
        }
        watch.Stop();
        return new BenchResult("Outpost.Templating (C#)", jobs.Count, failures, watch.Elapsed.TotalSeconds, bytes,
            Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Renders one job to a file of the site's bundle (untimed use: the FleetRenderer cross-check).</summary>
    public RenderedFile? RenderFile(RenderJob job) =>
        TryRender(job, out var path, out var content) ? new RenderedFile(path, Encoding.UTF8.GetBytes(content)) : null;

    private bool TryRender(RenderJob job, out string path, out string content)
    {
        try
        {
            var relative = _paths[job.File.Id]?.Render(job.Data) ?? job.File.PathTemplate;
            path = job.Bundle.Root + "/" + relative;
            content = _bodies[job.File.Id].Render(job.Data);
            return true;
        }
        catch (TemplateException)
        {
            path = content = "";
            return false;
        }
    }
}
