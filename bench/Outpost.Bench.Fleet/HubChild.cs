using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Outpost.Hub;
using Outpost.Hub.Sessions;
using Outpost.Hub.Transport;

namespace Outpost.Bench.Fleet;

/// <summary>The "hub" mode of the harness: a real hub in its own process, driven over stdin so its memory is measured alone.</summary>
internal static class HubChild
{
    public const string ReadyPrefix = "READY ";
    public const string HeapPrefix = "HEAP ";

    public static async Task<int> RunAsync(string dataDirectory)
    {
        var options = new HubOptions { DataDirectory = dataDirectory, Listen = "https://127.0.0.1:0" };
        await using var hub = await HubHost.StartAsync(options);
        var registry = hub.Services.GetRequiredService<SessionRegistry>();
        Console.WriteLine($"{ReadyPrefix}{hub.Url} {hub.OperatorConfigPath}");

        // The parent's stdin pipe doubles as a lifeline: when the harness exits, the hub does too.
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line)
            {
                case "heap":
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    // What the hub does on its own every 30 s, done now so the figure does not depend on when it ran last.
                    IdleMemoryTrimmer.TrimNow();
                    var info = GC.GetGCMemoryInfo();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{HeapPrefix}{GC.GetTotalMemory(false)} {info.HeapSizeBytes} {registry.Count}"));
                    break;
                case "quit":
                    return 0;
            }
        }

        return 0;
    }
}
