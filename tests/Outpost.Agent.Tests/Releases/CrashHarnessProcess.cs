using System.Diagnostics;

namespace Outpost.Agent.Tests.Releases;

/// <summary>Starts the crash harness (copied to <c>crash-harness/</c> next to the tests by the build) with the dotnet host.</summary>
public static class CrashHarnessProcess
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "crash-harness", "Outpost.Agent.CrashHarness.dll");

    public static Process Start(params string[] args)
    {
        Assert.True(File.Exists(DllPath), $"The crash harness is not at {DllPath}; building the test project should put it there.");
        var start = new ProcessStartInfo
        {
            FileName = DotnetHost(),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static string DotnetHost()
    {
        // Set by the dotnet CLI for what it starts; else the host running these tests is usually dotnet itself.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
