using System.Diagnostics;

namespace Outpost.Bench.Fleet;

/// <summary>Starts this executable again with other arguments (the hub child, the harness with its runtime settings).</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the harness executable");
        var start = new ProcessStartInfo(self) { UseShellExecute = false };

        // Under "dotnet Outpost.Bench.Fleet.dll" the process path is the dotnet host, which needs the dll again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
