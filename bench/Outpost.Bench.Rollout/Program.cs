using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Outpost.Bench.Rollout;
using Outpost.Hub;
using Outpost.Hub.Bundles;
using Outpost.Hub.Rollouts;
using Outpost.Hub.Sessions;
using Outpost.Hub.Storage;
using Outpost.Protocol.Bundles;

// Usage: dotnet run -c Release --project bench/Outpost.Bench.Rollout -- [SITES] [ROUNDS]
var sites = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var root = Directory.CreateTempSubdirectory("outpost-bench-rollout-").FullName;
try
{
    await using var hub = await HubHost.StartAsync(new HubOptions { DataDirectory = Path.Combine(root, "hub"), Listen = "https://127.0.0.1:0" });
    var services = hub.Services;
    var database = services.GetRequiredService<HubDatabase>();
    SeedSites(database, sites);
    services.GetRequiredService<RolloutPresence>().Override = _ => true; // simulated agents have no session
    var controller = services.GetRequiredService<RolloutController>();
    var reader = services.GetRequiredService<RolloutReader>();
    var fleet = new SimulatedFleet(services.GetRequiredService<StatusIngestor>(), TimeProvider.System);
    controller.Dispatched += fleet.OnDispatched;

    Console.WriteLine($"rollout benchmark: {sites} simulated sites, 5 waves (1% / 9% / 30% / 30% / rest), maxUnavailable 25%, zero bake time, {Environment.ProcessorCount} cores");
    Console.WriteLine("round  wall s   cpu s   wall/site µs  cpu/site µs  dispatches");
    var results = new List<(double Wall, double Cpu)>();
    for (var round = 1; round <= rounds; round++)
    {
        var revision = await CreateRevisionAsync(services, root, round);
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var id = await controller.StartAsync(new RolloutStartRequest(revision, null, Policy, "bench.yaml", Now: true), "bench", CancellationToken.None);
        while (true)
        {
            await Task.Delay(20);
            if (State(database, id) is not ("running" or "waiting-approval"))
            {
                break;
            }
        }

        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var view = reader.View(id);
        if (view.State != "completed" || view.Waves.Sum(w => w.Healthy) != sites)
        {
            throw new InvalidOperationException($"round {round}: rollout ended {view.State} with {view.Waves.Sum(w => w.Healthy)} of {sites} healthy");
        }

        results.Add((clock.Elapsed.TotalSeconds, cpu));
        Console.WriteLine($"{round,5}  {clock.Elapsed.TotalSeconds,6:0.00}  {cpu,6:0.00}  {clock.Elapsed.TotalMicroseconds / sites,12:0}  {cpu * 1e6 / sites,11:0}  {Dispatches(database, id),10}");
    }

    var best = results.MinBy(r => r.Wall);
    Console.WriteLine($"best: {best.Wall * 1e6 / sites:0} µs wall and {best.Cpu * 1e6 / sites:0} µs CPU per site (hub: controller + ingest of the simulated reports + SQLite)");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void SeedSites(HubDatabase database, int count)
{
    using var connection = database.Open();
    using var tx = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.Transaction = tx;
    insert.CommandText = "INSERT INTO sites (id, region, labels, vars, created_at) VALUES ($id, 'eu-central', $labels, '{}', $now)";
    var id = insert.Parameters.Add("$id", SqliteType.Text);
    var labels = insert.Parameters.Add("$labels", SqliteType.Text);
    insert.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
    for (var i = 0; i < count; i++)
    {
        var share = (double)i / count;
        var ring = share < 0.01 ? "canary" : share < 0.10 ? "early" : share < 0.40 ? "r2" : share < 0.70 ? "r3" : "r4";
        id.Value = $"lab-{i:00000}";
        labels.Value = $$"""{"ring":"{{ring}}"}""";
        insert.ExecuteNonQuery();
    }

    tx.Commit();
}

static async Task<string> CreateRevisionAsync(IServiceProvider services, string root, int round)
{
    var directory = Path.Combine(root, "bundles", $"r{round}");
    Directory.CreateDirectory(directory);
    await File.WriteAllTextAsync(Path.Combine(directory, "app.conf"), $"round = {round}\n");
    var bundle = await BundleBuilder.FromDirectoryAsync(directory, CancellationToken.None);
    var blobs = services.GetRequiredService<BlobStore>();
    foreach (var digest in bundle.Manifest.BlobDigests())
    {
        await using var content = bundle.OpenBlob(digest);
        await blobs.PutAsync(digest, content, CancellationToken.None);
    }

    return services.GetRequiredService<RevisionStore>().Create(bundle.ManifestBytes).Digest;
}

static string? State(HubDatabase database, long id)
{
    using var connection = database.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT state FROM rollouts WHERE id = $id";
    command.Parameters.AddWithValue("$id", id);
    return command.ExecuteScalar() as string;
}

static long Dispatches(HubDatabase database, long id)
{
    using var connection = database.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*) FROM events WHERE kind = 'rollout-site-updating' AND json_extract(data, '$.rollout') = $id";
    command.Parameters.AddWithValue("$id", id);
    return (long)command.ExecuteScalar()!;
}

/// <summary>Bench constants.</summary>
internal static partial class Program
{
    private const string Policy = """
        name: bench
        waves:
          - name: canary
            selector: ring=canary
            maxUnavailable: 25%
          - name: early
            selector: ring=early
            maxUnavailable: 25%
          - name: r2
            selector: ring=r2
            maxUnavailable: 25%
          - name: r3
            selector: ring=r3
            maxUnavailable: 25%
          - name: rest
            maxUnavailable: 25%
        """;
}
