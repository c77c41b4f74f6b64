using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Outpost.Bench.Tunnel;

/// <summary>
/// Outpost's tunnel, all real processes: <c>outpost hub</c>, <c>outpost agent join</c> (its site's bundle allows the
/// target), and <c>outpost tunnel SITE PORT:127.0.0.1:TARGET</c> as the operator.
/// </summary>
internal sealed partial class OutpostForward : IDisposable
{
    private const string Site = "bench-site";
    private readonly List<ChildProcess> _children = [];

    public int LocalPort { get; private set; }

    /// <summary>The long-running processes of this path (their descendants count too: see <see cref="ProcessTreeCpu"/>).</summary>
    public IReadOnlyCollection<int> ProcessIds => _children.Select(c => c.Id).ToArray();

    public static async Task<OutpostForward> StartAsync(string outpostDll, string workDirectory, int targetPort)
    {
        var forward = new OutpostForward();
        try
        {
            var hubDir = Path.Combine(workDirectory, "hub");
            var hubUrl = $"https://127.0.0.1:{Measurements.FreePort()}";
            forward._children.Add(ChildProcess.Start("dotnet", [outpostDll, "hub", "--data-dir", hubDir, "--listen", hubUrl]));
            var config = Path.Combine(hubDir, "operator.json");
            var env = new Dictionary<string, string> { ["OUTPOST_CONFIG"] = config };
            await WaitAsync(() => Task.FromResult(File.Exists(config)), "the hub's operator.json");
            await Task.Delay(500);

            var added = await ChildProcess.RunAsync("dotnet", [outpostDll, "sites", "add", Site, "--region", "bench"], env);
            var token = TokenPattern().Match(added) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no token in: " + added);
            forward._children.Add(ChildProcess.Start("dotnet", [outpostDll, "agent", "join", hubUrl, "--token", token, "--data-dir", Path.Combine(workDirectory, "agent")]));

            var bundle = Directory.CreateDirectory(Path.Combine(workDirectory, "bundle")).FullName;
            await File.WriteAllTextAsync(Path.Combine(bundle, "outpost.bundle.yaml"), $"tunnel:\n  allow:\n    - \"127.0.0.1:{targetPort}\"\n");
            await ChildProcess.RunAsync("dotnet", [outpostDll, "publish", bundle, "--site", Site], env);
            await WaitAsync(async () =>
            {
                var json = await ChildProcess.RunAsync("dotnet", [outpostDll, "sites", "show", Site, "-o", "json"], env);
                var site = JsonDocument.Parse(json).RootElement.GetProperty("site");
                return site.GetProperty("online").GetBoolean() && site.GetProperty("appliedRevision").ValueKind == JsonValueKind.String
                    && site.GetProperty("appliedRevision").GetString() == site.GetProperty("desiredRevision").GetString();
            }, "the site to apply its bundle");

            forward.LocalPort = Measurements.FreePort();
            forward._children.Add(ChildProcess.Start("dotnet", [outpostDll, "tunnel", Site, $"127.0.0.1:{forward.LocalPort}:127.0.0.1:{targetPort}"], env));
            await Measurements.WaitForPortAsync(forward.LocalPort, TimeSpan.FromSeconds(30));
            return forward;
        }
        catch
        {
            foreach (var child in forward._children)
            {
                Console.Error.WriteLine(child.Output);
            }

            forward.Dispose();
            throw;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 60 s for {what}");
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"--token\s+(\S+)")]
    private static partial Regex TokenPattern();

    public void Dispose()
    {
        foreach (var child in Enumerable.Reverse(_children))
        {
            child.Dispose();
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"outpost tunnel on 127.0.0.1:{LocalPort}");
}
