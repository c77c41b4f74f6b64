using System.Globalization;
using System.Text.Json;
using Outpost.Bench.Templating;

// Renders realistic lab-edge config templates for many generated sites with the C# engine and with
// Python's Jinja2, and prints wall time, renders/s and the speed ratio.
// Usage: dotnet run -c Release --project bench/Outpost.Bench.Templating -- [--sites 10000] [--warmup 200] [--python python3] [--keep]
// --keep leaves the generated sites.json in place (its path is printed) to inspect or re-run bench_jinja.py by hand.
var sites = IntOption(args, "--sites", 10_000);
var warmup = IntOption(args, "--warmup", 200);
var python = StringOption(args, "--python", Environment.GetEnvironmentVariable("OUTPOST_PYTHON") is { Length: > 0 } p ? p : "python3");

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
    if (args.Contains("--keep"))
    {
        Console.WriteLine($"kept {workDir.FullName}");
    }
    else
    {
        workDir.Delete(recursive: true);
    }
}

static int IntOption(string[] args, string name, int fallback) =>
    int.Parse(StringOption(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

static string StringOption(string[] args, string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
