using Outpost.Bench.Templating;

// Renders templates with the C# engine (Outpost.Templating) and with Python's Jinja2 in one run and prints
// wall time, renders/s and the speed ratio.
//
//   dotnet run -c Release --project bench/Outpost.Bench.Templating -- [--mode fleet|generated] [options]
//
// --mode fleet (default): the sample fleet (examples/fleet) scaled to --sites sites, rendered bundle by bundle
//   exactly as FleetRenderer would. Options: --sites 10000 --warmup 200 --fleet PATH --python python3 --keep --no-fleet-check
// --mode generated: 5 generated templates over --sites generated sites (the original benchmark).
//   Options: --sites 10000 --warmup 200 --python python3 --keep
var mode = BenchArgs.String(args, "--mode", "fleet");
return mode switch
{
    "fleet" => FleetBenchmark.Run(args),
    "generated" => GeneratedBenchmark.Run(args),
    _ => Usage(mode),
};

static int Usage(string mode)
{
    Console.Error.WriteLine($"unknown --mode '{mode}' (known: fleet, generated)");
    return 2;
}
