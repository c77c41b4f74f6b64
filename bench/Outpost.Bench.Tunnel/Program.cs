using System.Globalization;
using Outpost.Bench.Tunnel;

// Usage: dotnet run -c Release --project bench/Outpost.Bench.Tunnel [-- --outpost PATH/outpost.dll --mib 512 --rounds 5000]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var repo = FindRepo(AppContext.BaseDirectory);
var outpost = options.GetValueOrDefault("outpost") ?? Path.Combine(repo, "src/Outpost.Cli/bin/Release/net10.0/outpost.dll");
if (!File.Exists(outpost))
{
    Console.Error.WriteLine($"{outpost} not found: run 'dotnet build -c Release src/Outpost.Cli' first, or pass --outpost PATH");
    return 2;
}

var mib = long.Parse(options.GetValueOrDefault("mib") ?? "512", CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("rounds") ?? "5000", CultureInfo.InvariantCulture);
// The machine is shared and noisy: the three paths take turns, several times, and each figure is the median of its turns.
var repeat = int.Parse(options.GetValueOrDefault("repeat") ?? "5", CultureInfo.InvariantCulture);
var work = Directory.CreateTempSubdirectory("outpost-bench-tunnel-").FullName;
using var target = new BenchTarget();
Console.WriteLine($"target 127.0.0.1:{target.Port}; single stream {mib} MiB, 16 streams x {mib / 8} MiB, {rounds} round trips of 64 bytes; {repeat} turns per path, interleaved; {Environment.ProcessorCount} cores");
try
{
    using var ssh = await SshForward.StartAsync(work, target.Port);
    using var tunnel = await OutpostForward.StartAsync(outpost, work, target.Port);
    var paths = new (string Name, int Port, IReadOnlyCollection<int> Processes)[]
    {
        ("direct", target.Port, []), ("ssh -L", ssh.LocalPort, ssh.ProcessIds), ("outpost tunnel", tunnel.LocalPort, tunnel.ProcessIds),
    };
    var turns = paths.ToDictionary(p => p.Name, _ => new List<TurnResult>());
    foreach (var (_, port, _) in paths)
    {
        // Warm up JIT (tiered compilation promotes hot code after a few hundred milliseconds of use), TLS sessions and
        // windows on every hop before measuring: a tunnel that has run for a second is what the figures describe.
        await Measurements.ThroughputAsync(port, 1, mib << 20);
        await Measurements.ThroughputAsync(port, 16, (mib << 20) / 16);
        await Measurements.RoundTripsAsync(port, 2000, 0, 64);
    }

    for (var turn = 1; turn <= repeat; turn++)
    {
        foreach (var (name, port, processes) in paths)
        {
            // CPU is less noisy than speed on a shared machine: what the path's processes spend per GiB moved.
            var cpuBefore = ProcessTreeCpu.Seconds(processes);
            var single = await Measurements.ThroughputAsync(port, 1, mib << 20);
            var cpuPerGiB = (ProcessTreeCpu.Seconds(processes) - cpuBefore) / (mib / 1024.0);
            var multi = await Measurements.ThroughputAsync(port, 16, (mib << 20) / 8);
            var times = await Measurements.RoundTripsAsync(port, rounds, 100, 64);
            turns[name].Add(new TurnResult(single, multi, Measurements.Percentile(times, 0.5), Measurements.Percentile(times, 0.99), cpuPerGiB));
        }

        var line = string.Join(", ", paths.Select(p => turns[p.Name][^1]).Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"{paths[i].Name} {r.Single / 1e6:0} MB/s{(r.CpuPerGiB > 0 ? $" ({r.CpuPerGiB:0.00} CPU-s/GiB)" : "")}, p50 {r.P50:0} µs")));
        Console.WriteLine($"  turn {turn}/{repeat}: {line}");
    }

    var results = turns.ToDictionary(t => t.Key, t => TurnResult.Median(t.Value));
    var direct = results["direct"];
    var sshResult = results["ssh -L"];
    Console.WriteLine();
    Console.WriteLine("| path | 1 stream MB/s | ÷direct | ÷ssh | 1 stream CPU-s/GiB | ÷ssh | 16 streams MB/s | ÷direct | ÷ssh | RTT p50 µs | added p50 µs | RTT p99 µs | added p99 µs |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (name, r) in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {r.Single / 1e6:0} | {r.Single / direct.Single:0.00} | {r.Single / sshResult.Single:0.00} | {(r.CpuPerGiB > 0 ? r.CpuPerGiB.ToString("0.00", CultureInfo.InvariantCulture) : "–")} | {(r.CpuPerGiB > 0 ? (r.CpuPerGiB / sshResult.CpuPerGiB).ToString("0.00", CultureInfo.InvariantCulture) : "–")} | {r.Multi / 1e6:0} | {r.Multi / direct.Multi:0.00} | {r.Multi / sshResult.Multi:0.00} | {r.P50:0} | {r.P50 - direct.P50:0} | {r.P99:0} | {r.P99 - direct.P99:0} |"));
    }

    // Side by side within each turn, so a noisy moment moves both figures of the ratio.
    var ratios = Enumerable.Range(0, repeat).Select(i => turns["outpost tunnel"][i].Single / turns["ssh -L"][i].Single).Order().ToArray();
    var added = Enumerable.Range(0, repeat).Select(i => turns["outpost tunnel"][i].P50 - turns["direct"][i].P50).Order().ToArray();
    var cpu = Enumerable.Range(0, repeat).Select(i => turns["outpost tunnel"][i].CpuPerGiB / turns["ssh -L"][i].CpuPerGiB).Order().ToArray();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"per turn: outpost single stream ÷ ssh {string.Join(" ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; outpost added p50 µs {string.Join(" ", added.Select(a => a.ToString("0", CultureInfo.InvariantCulture)))}; outpost CPU per GiB ÷ ssh {string.Join(" ", cpu.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}"));
    return 0;
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

static string FindRepo(string from)
{
    for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Outpost.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
