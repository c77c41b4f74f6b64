using System.Globalization;

namespace Outpost.Bench.Templating;

/// <summary>Prints the comparison table.</summary>
internal static class ResultTable
{
    public static void Print(BenchResult csharp, BenchResult? jinja)
    {
        var rows = jinja is null ? new[] { csharp } : new[] { csharp, jinja };
        Console.WriteLine();
        Console.WriteLine($"{"Engine",-28} {"Renders",9} {"Failed",7} {"Wall (s)",9} {"Renders/s",11} {"Output MB",10} {"Ratio",8}  SHA-256");
        foreach (var r in rows)
        {
            var ratio = jinja is null || r.Seconds <= 0 ? "-" : (jinja.Seconds / r.Seconds).ToString("0.00", CultureInfo.InvariantCulture) + "x";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Engine,-28} {r.Renders,9:N0} {r.Failures,7:N0} {r.Seconds,9:0.000} {r.RendersPerSecond,11:N0} {r.Bytes / 1048576.0,10:0.00} {ratio,8}  {r.Sha256[..12]}"));
        }
        Console.WriteLine();
        Console.WriteLine("Ratio = Jinja2 wall time / this engine's wall time (higher is faster than Jinja2).");
        if (jinja is not null)
        {
            Console.WriteLine(csharp.Sha256 == jinja.Sha256
                ? "Outputs identical: yes (same SHA-256 over every render)."
                : "Outputs identical: NO - the engines rendered different bytes (see the differential tests).");
        }
    }
}
