using Outpost.Bench.Fleet;

// Fleet load harness. Usage:
//   dotnet run -c Release --project bench/Outpost.Bench.Fleet -- --agents 1000 [--data-dir DIR] [--enroll-concurrency 8]
//     [--connect-concurrency 64] [--sources 16] [--timeout-minutes 40] [--hold-idle-seconds 0] [--rounds 3] [--keep-history]
// The harness re-invokes itself as "hub --data-dir DIR" so the hub runs (and is measured) in its own process.
if (args.Length > 0 && args[0] == "hub")
{
    return await HubChild.RunAsync(BenchOptions.Parse(args[1..]).HubDataDirectory);
}

if (await HarnessRuntimeSettings.RerunWithSettingsAsync(args) is { } exitCode)
{
    return exitCode;
}

var options = BenchOptions.Parse(args);
using var timeout = new CancellationTokenSource(options.Timeout);
return await FleetRun.RunAsync(options, timeout.Token);
