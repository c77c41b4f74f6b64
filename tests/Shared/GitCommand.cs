using System.Diagnostics;
using Xunit;

namespace Outpost.Tests.Shared;

/// <summary>Runs the real `git` executable for tests (linked into the test projects that need it).</summary>
internal static class GitCommand
{
    /// <summary>Runs git in <paramref name="workDir"/> (or the current directory) and returns its output; a failure fails the test with git's message.</summary>
    public static string Run(string? workDir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workDir is not null)
        {
            start.WorkingDirectory = workDir;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output.Result;
    }
}
