using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Outpost.Fleet;

namespace Outpost.Cli.Fleet;

/// <summary>The `outpost render` and `outpost diff` commands over a fleet repository.</summary>
public static class FleetCommands
{
    private const int MaxErrorsShown = 50;

    /// <summary>outpost render --repo PATH|URL [--rev REV] (--site ID ... | --all) --out DIR</summary>
    public static Command CreateRender()
    {
        var repo = RepoOption();
        var rev = new Option<string>("--rev") { Description = "Branch, tag or commit to render", DefaultValueFactory = _ => "HEAD" };
        var sites = new Option<string[]>("--site") { Description = "Site id to render (repeatable)", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "Render every site" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write DIR/<site>/... into", Required = true };
        var cache = CacheOption();
        var command = new Command("render", "Render site configuration bundles from a fleet repository") { repo, rev, sites, all, output, cache };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var siteIds = parse.GetValue(sites) ?? [];
            var renderAll = parse.GetValue(all);
            if (renderAll == siteIds.Length > 0)
            {
                stderr.WriteLine("error: give either --all or one or more --site ID");
                return 2;
            }
            return Run(stderr, () =>
            {
                var clock = Stopwatch.StartNew();
                var fleet = FleetRepository.Open(parse.GetRequiredValue(repo), parse.GetValue(rev) ?? "HEAD", RepositoryOptions(parse.GetValue(cache)));
                stdout.WriteLine($"fleet '{fleet.Settings.Name}' at {fleet.CommitId[..12]}: {fleet.Inventory.Sites.Count} sites, {fleet.Bundles.Count} bundles");
                var selected = renderAll ? fleet.Inventory.Sites : siteIds.Select(id => fleet.Inventory[id]).ToList();
                var outRoot = parse.GetRequiredValue(output).FullName;
                var gate = new Lock();
                var progress = new InlineProgress(p =>
                {
                    lock (gate)
                    {
                        var detail = p.Bundle is { } b ? $"{b.Files.Count} files, sha256 {b.ContentHash[..16]}" : "FAILED";
                        stdout.WriteLine($"[{p.Completed}/{p.Total}] {p.SiteId}: {detail}");
                    }
                });
                var result = new FleetRenderer(fleet).RenderSites(selected, new FleetRenderOptions { Progress = progress });
                foreach (var bundle in result.Bundles)
                {
                    BundleWriter.Write(outRoot, bundle);
                }
                var files = result.Bundles.Sum(b => b.Files.Count);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"rendered {result.Bundles.Count} of {selected.Count} sites ({files} files) into {outRoot} in {clock.Elapsed.TotalSeconds:0.0}s"));
                WriteErrors(stderr, result.Errors);
                return result.Succeeded ? 0 : 1;
            });
        });
        return command;
    }

    /// <summary>outpost diff --repo R FROM TO [--patch]</summary>
    public static Command CreateDiff()
    {
        var repo = RepoOption();
        var from = new Argument<string>("FROM") { Description = "Old revision" };
        var to = new Argument<string>("TO") { Description = "New revision" };
        var patch = new Option<bool>("--patch") { Description = "Print unified diffs of every changed file" };
        var cache = CacheOption();
        var command = new Command("diff", "Show which sites and files a fleet change affects (its blast radius)") { repo, from, to, patch, cache };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            return Run(stderr, () =>
            {
                var diff = FleetDiff.Compare(
                    parse.GetRequiredValue(repo),
                    parse.GetRequiredValue(from),
                    parse.GetRequiredValue(to),
                    new FleetDiffOptions { IncludePatch = parse.GetValue(patch), Repository = RepositoryOptions(parse.GetValue(cache)) });
                DiffPrinter.Print(stdout, diff, parse.GetValue(patch));
                if (diff.FromErrors.Count > 0)
                {
                    stderr.WriteLine($"warning: {diff.FromErrors.Count} error(s) at {diff.FromCommit[..12]}; those sites are compared as if they had no files before:");
                    WriteErrors(stderr, diff.FromErrors);
                }
                WriteErrors(stderr, diff.Sites.SelectMany(s => s.Errors).ToList());
                return diff.Failed > 0 ? 1 : 0;
            });
        });
        return command;
    }

    private static Option<string> RepoOption() => new("--repo")
    {
        Description = "Fleet repository: a local path (or a folder inside a work tree) or a Git URL",
        Required = true,
    };

    private static Option<string?> CacheOption() => new("--cache-dir")
    {
        Description = "Where remote repositories are cloned (default: $OUTPOST_FLEET_CACHE or the user's app data)",
    };

    private static FleetRepositoryOptions RepositoryOptions(string? cacheDir) => new() { CacheDirectory = cacheDir };

    /// <summary>Turns fleet errors into readable stderr lines and exit code 1, instead of a stack trace.</summary>
    private static int Run(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (FleetException ex)
        {
            WriteErrors(stderr, ex.Errors);
            return 1;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static void WriteErrors(TextWriter stderr, IReadOnlyList<FleetError> errors)
    {
        foreach (var error in errors.Take(MaxErrorsShown))
        {
            stderr.WriteLine($"error: {error}");
        }
        if (errors.Count > MaxErrorsShown)
        {
            stderr.WriteLine($"... and {errors.Count - MaxErrorsShown} more errors");
        }
    }

    /// <summary>Reports on the worker thread; Progress&lt;T&gt; would post to the thread pool and reorder lines.</summary>
    private sealed class InlineProgress(Action<SiteRenderProgress> report) : IProgress<SiteRenderProgress>
    {
        public void Report(SiteRenderProgress value) => report(value);
    }
}
