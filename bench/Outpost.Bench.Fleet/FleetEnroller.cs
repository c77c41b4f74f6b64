using System.Diagnostics;
using Outpost.Agent.Identity;

namespace Outpost.Bench.Fleet;

/// <summary>Enrols the simulated sites through the real API (join token, CSR, certificate), skipping ones cached from earlier runs.</summary>
internal static class FleetEnroller
{
    public static string SiteIdOf(int index) => $"bench-{index:D5}";

    public static string DirectoryOf(BenchOptions options, int index) => Path.Combine(options.AgentsDirectory, SiteIdOf(index));

    /// <summary>Returns how many sites were enrolled now and how long it took.</summary>
    public static async Task<(int Enrolled, TimeSpan Elapsed)> EnsureAsync(BenchOptions options, OperatorApi api, string hubUrl, CancellationToken ct)
    {
        var todo = Enumerable.Range(0, options.Agents).Where(i => !AgentIdentity.Exists(DirectoryOf(options, i))).ToList();
        if (todo.Count == 0)
        {
            return (0, TimeSpan.Zero);
        }

        Console.WriteLine($"enrolling {todo.Count:N0} sites ({options.EnrollConcurrency} at a time)…");
        var watch = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = options.EnrollConcurrency, CancellationToken = ct }, async (i, c) =>
        {
            var token = await api.JoinTokenAsync(SiteIdOf(i), c);
            await AgentEnroller.JoinAsync(hubUrl, token, DirectoryOf(options, i), null, c);
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                Console.WriteLine($"  {done:N0} enrolled ({watch.Elapsed.TotalSeconds:0.0} s)");
            }
        });
        return (todo.Count, watch.Elapsed);
    }
}
