namespace Outpost.Bench.Templating;

/// <summary>Generates deterministic, realistic data for lab edge sites (same seed, same sites).</summary>
internal static class SiteGenerator
{
    private static readonly string[] Regions = ["eu-west", "eu-north", "us-east", "us-central", "ap-south"];
    private static readonly string[] Cities = ["Dublin", "Cork", "Galway", "Oslo", "Boston", "Austin", "Pune", "Lyon"];
    private static readonly (string Vendor, string Model, string Protocol, string[] Tests)[] Instruments =
    [
        ("Roche", "cobas 8000", "hl7", ["GLU", "NA", "K", "CL", "CREA", "UREA"]),
        ("Sysmex", "XN-1000", "astm", ["WBC", "RBC", "HGB", "PLT", "MCV"]),
        ("Werfen", "ACL TOP 550", "astm", ["PT", "APTT", "FIB"]),
        ("Abbott", "Alinity ci", "hl7", ["TSH", "FT4", "TROP", "HCG"]),
        ("Siemens", "Atellica", "hl7", ["ALT", "AST", "ALP", "BILI"]),
    ];

    public static List<Dictionary<string, object?>> Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var sites = new List<Dictionary<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            sites.Add(Site(i, random));
        }
        return sites;
    }

    private static Dictionary<string, object?> Site(int index, Random r)
    {
        var city = Cities[r.Next(Cities.Length)];
        var id = $"{city.ToLowerInvariant()}-lab-{index:D5}";
        var region = Regions[r.Next(Regions.Length)];
        return new()
        {
            ["site"] = new Dictionary<string, object?> { ["id"] = id, ["name"] = $"{city} Hospital Lab {index}", ["region"] = region, ["fqdn"] = $"{id}.{region}.outpost.example" },
            ["labels"] = new Dictionary<string, object?> { ["app"] = "middleware", ["site"] = id, ["tier"] = r.Next(4) == 0 ? "critical" : "standard" },
            ["replicas"] = 1 + r.Next(3),
            ["image"] = new Dictionary<string, object?> { ["registry"] = "registry.outpost.local", ["repo"] = "lab/middleware", ["tag"] = $"4.{r.Next(20)}.{r.Next(10)}" },
            ["ports"] = new List<object?> { Port("http", 8080), Port("hl7", 2575), Port("astm", 5000 + r.Next(10)) },
            ["env"] = new Dictionary<string, object?> { ["LIS_HOST"] = $"lis.{city.ToLowerInvariant()}.local", ["LOG_LEVEL"] = r.Next(5) == 0 ? "debug" : "info", ["ENABLE_QC"] = r.Next(2) == 0, ["SITE_INDEX"] = index },
            ["cpu"] = r.Next(2) == 0 ? "500m" : "1",
            ["memory_mb"] = 256 * (1 + r.Next(4)),
            ["aliases"] = new List<object?> { id, $"lab{index}" },
            ["locations"] = new List<object?>
            {
                Location("/", "results_ui", null, null),
                Location("/api/", "middleware", 30 + r.Next(90), null),
                Location("/hl7/", "middleware", null, new List<object?> { $"10.{r.Next(256)}.0.0/16", "192.168.50.0/24" }),
            },
            ["db"] = new Dictionary<string, object?> { ["host"] = "127.0.0.1", ["port"] = 5432, ["name"] = "lab_results", ["pool"] = 4 + r.Next(20), ["ssl"] = r.Next(2) == 0, ["timeout_s"] = Math.Round(1 + (r.NextDouble() * 9), 1) },
            ["lis"] = new Dictionary<string, object?> { ["host"] = $"lis.{city.ToLowerInvariant()}.local", ["port"] = 2575, ["backoff"] = new List<object?> { 1, 2, 5, 10 }, ["timeout_s"] = 2.5 + r.Next(10) },
            ["analysers"] = Analysers(r),
            ["redaction"] = new List<object?>
            {
                new Dictionary<string, object?> { ["field"] = "patient_name" },
                new Dictionary<string, object?> { ["field"] = "mrn" },
                new Dictionary<string, object?> { ["pattern"] = @"\b\d{3}-\d{2}-\d{4}\b", ["replace"] = "***-**-****" },
            },
            ["sink"] = new Dictionary<string, object?> { ["host"] = $"logs.{region}.outpost.example", ["port"] = 24224, ["tls"] = r.Next(10) != 0 },
        };
    }

    private static List<object?> Analysers(Random r)
    {
        var list = new List<object?>();
        var n = 2 + r.Next(4);
        for (var i = 0; i < n; i++)
        {
            var (vendor, model, protocol, tests) = Instruments[r.Next(Instruments.Length)];
            var serial = protocol == "astm" && r.Next(2) == 0;
            list.Add(new Dictionary<string, object?>
            {
                ["id"] = $"{vendor.ToLowerInvariant()}-{i + 1}",
                ["vendor"] = vendor,
                ["model"] = model,
                ["protocol"] = protocol,
                ["enabled"] = r.Next(6) != 0,
                ["host"] = $"10.0.{r.Next(256)}.{r.Next(1, 255)}",
                ["port"] = protocol == "hl7" ? 2575 : 5000 + i,
                ["serial"] = serial ? new Dictionary<string, object?> { ["device"] = $"/dev/ttyUSB{i}", ["baud"] = r.Next(2) == 0 ? 9600 : 19200, ["bits"] = 8, ["parity"] = r.Next(2) == 0 ? "none" : "even" } : null,
                ["tests"] = tests.Take(2 + r.Next(tests.Length - 1)).Cast<object?>().ToList(),
            });
        }
        return list;
    }

    private static Dictionary<string, object?> Port(string name, int port) => new() { ["name"] = name, ["port"] = port };

    private static Dictionary<string, object?> Location(string path, string upstream, int? timeout, List<object?>? allow)
    {
        var d = new Dictionary<string, object?> { ["path"] = path, ["upstream"] = upstream };
        if (timeout is not null)
        {
            d["timeout"] = timeout;
        }
        if (allow is not null)
        {
            d["allow"] = allow;
        }
        return d;
    }
}
