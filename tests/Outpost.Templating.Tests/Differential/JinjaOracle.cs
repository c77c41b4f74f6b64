using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Outpost.Templating.Tests.Differential;

/// <summary>
/// Runs oracle.py once per test run over the whole corpus and keeps Jinja2's results in memory.
/// Set OUTPOST_PYTHON to use another interpreter than python3.
/// </summary>
public static class JinjaOracle
{
    private static readonly TimeSpan OracleTimeout = TimeSpan.FromMinutes(3);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly Lazy<OracleRun> Run = new(Execute, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The oracle's results by case name, or the reason it could not run.</summary>
    public static OracleRun Results => Run.Value;

    private static OracleRun Execute()
    {
        string directory;
        try
        {
            directory = FindDifferentialDirectory();
        }
        catch (DirectoryNotFoundException ex)
        {
            return OracleRun.Failed(ex.Message);
        }
        var python = Environment.GetEnvironmentVariable("OUTPOST_PYTHON") is { Length: > 0 } p ? p : "python3";
        var outFile = Path.Combine(Path.GetTempPath(), $"outpost-jinja-oracle-{Guid.NewGuid():N}.json");
        try
        {
            var failure = RunProcess(python, directory, outFile);
            if (failure is not null)
            {
                return OracleRun.Failed(failure);
            }
            var document = JsonSerializer.Deserialize<OracleDocument>(File.ReadAllText(outFile), JsonOptions)
                ?? throw new InvalidDataException("oracle wrote an empty document");
            return OracleRun.Succeeded(document.Jinja2Version, document.Cases);
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    private static string? RunProcess(string python, string directory, string outFile)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "oracle.py"));
        start.ArgumentList.Add(Path.Combine(directory, "Cases"));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(outFile);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"could not start {python}");
        }
        catch (Win32Exception ex)
        {
            return $"The differential oracle needs Python 3 with Jinja2 3.1.6 and PyYAML, but '{python}' could not be started ({ex.Message}). "
                + "Install python3 and `pip install jinja2==3.1.6 pyyaml`, or point OUTPOST_PYTHON at an interpreter that has them.";
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(OracleTimeout))
            {
                process.Kill(entireProcessTree: true);
                return $"oracle.py did not finish within {OracleTimeout}.";
            }
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return null;
            }
            var hint = process.ExitCode == 3
                ? " Jinja2 or PyYAML is not installed for this interpreter: `pip install jinja2==3.1.6 pyyaml` (or set OUTPOST_PYTHON)."
                : string.Empty;
            return $"oracle.py failed with exit code {process.ExitCode}.{hint}\n{stderr.Result}{stdout.Result}";
        }
    }

    /// <summary>Finds this folder in the repository: up from the test binaries, else where this file was compiled.</summary>
    private static string FindDifferentialDirectory([CallerFilePath] string sourceFile = "")
    {
        var relative = Path.Combine("tests", "Outpost.Templating.Tests", "Differential");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(Path.Combine(candidate, "oracle.py")))
            {
                return candidate;
            }
        }
        var compiled = Path.GetDirectoryName(sourceFile);
        if (compiled is not null && File.Exists(Path.Combine(compiled, "oracle.py")))
        {
            return compiled;
        }
        throw new DirectoryNotFoundException(
            $"Could not find {relative}/oracle.py above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }

    private sealed record OracleDocument(string Jinja2Version, IReadOnlyList<DifferentialCase> Cases);
}

/// <summary>The outcome of one oracle run: the cases by name, or why there are none.</summary>
public sealed class OracleRun
{
    private OracleRun(string? failure, string? jinjaVersion, IReadOnlyDictionary<string, DifferentialCase> cases)
    {
        Failure = failure;
        JinjaVersion = jinjaVersion;
        Cases = cases;
    }

    /// <summary>Why the oracle could not run, or null when it did.</summary>
    public string? Failure { get; }

    public string? JinjaVersion { get; }

    public IReadOnlyDictionary<string, DifferentialCase> Cases { get; }

    internal static OracleRun Failed(string failure) =>
        new(failure, null, new Dictionary<string, DifferentialCase>());

    internal static OracleRun Succeeded(string version, IReadOnlyList<DifferentialCase> cases) =>
        new(null, version, cases.ToDictionary(c => c.Name, StringComparer.Ordinal));
}
