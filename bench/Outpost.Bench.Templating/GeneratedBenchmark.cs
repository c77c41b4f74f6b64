using System.Text.Json;

namespace Outpost.Bench.Templating;

/// <summary>The original mode: 5 generated lab-edge templates (Templates/) over generated sites.</summary>
internal static class GeneratedBenchmark
{
    public static int Run(string[] args)
    {
        var sites = BenchArgs.Int(args, "--sites", 10_000);
        var warmup = BenchArgs.Int(args, "--warmup", 200);
        var python = BenchArgs.Python(args);

        var templatesDir = Path.Combine(AppContext.BaseDirectory, "Templates");
        var workDir = Directory.CreateTempSubdirectory("outpost-bench-templating-");
        try
        {
            var sitesJson = Path.Combine(workDir.FullName, "sites.json");
            File.WriteAllText(sitesJson, JsonSerializer.Serialize(SiteGenerator.Generate(sites)));
            var templateCount = CSharpRunner.TemplateNames(templatesDir).Count();
            Console.WriteLine($"{sites:N0} sites x {templateCount} templates = {sites * templateCount:N0} renders per engine (warm-up {warmup} sites; render loop timed)");

            var csharp = CSharpRunner.Run(templatesDir, sitesJson, warmup);
            BenchResult? jinja = null;
            try
            {
                jinja = PythonRunner.Run(python, templatesDir, sitesJson, warmup);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.WriteLine($"Python/Jinja2 run failed: {ex.Message}");
            }
            ResultTable.Print(csharp, jinja);
            return jinja is null ? 1 : 0;
        }
        finally
        {
            if (BenchArgs.Flag(args, "--keep"))
            {
                Console.WriteLine($"kept {workDir.FullName}");
            }
            else
            {
                workDir.Delete(recursive: true);
            }
        }
    }
}
