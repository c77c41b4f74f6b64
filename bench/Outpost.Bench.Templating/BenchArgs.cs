using System.Globalization;

namespace Outpost.Bench.Templating;

/// <summary>Minimal "--name value" option parsing shared by both benchmark modes.</summary>
internal static class BenchArgs
{
    public static int Int(string[] args, string name, int fallback) =>
        int.Parse(String(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static string String(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static bool Flag(string[] args, string name) => args.Contains(name);

    /// <summary>The Python interpreter: --python, else $OUTPOST_PYTHON, else python3.</summary>
    public static string Python(string[] args) =>
        String(args, "--python", Environment.GetEnvironmentVariable("OUTPOST_PYTHON") is { Length: > 0 } p ? p : "python3");
}
