using Outpost.Hub.Rollouts;
using Outpost.IntegrationTests.GitOps;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>Helpers for fleet rollouts: a three-site copy of examples/fleet, turning the rollout on, and moving the test clock to Zurich times.</summary>
internal static class FleetRolloutSetup
{
    /// <summary>One site per wave of rollouts/standard.yaml: a staging canary, a production site in eu-central and one in eu-north.</summary>
    public static readonly string[] Sites = ["de-ber-charite-02", "de-muc-lmu-01", "no-trd-stolav-01"];

    /// <summary>examples/fleet with only <see cref="Sites"/> in the inventory (fewer agents on a small machine).</summary>
    public static FleetGitRepo CreateRepo()
    {
        var repo = FleetGitRepo.CreateFromExample();
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Root, "sites")).Where(f => !Sites.Contains(Path.GetFileNameWithoutExtension(f))))
        {
            File.Delete(file);
        }

        repo.CommitAll("three sites");
        return repo;
    }

    /// <summary>Names the standard policy in fleet.yaml (without committing).</summary>
    public static void NamePolicy(FleetGitRepo repo, string policy = "standard")
    {
        var path = Path.Combine(repo.Root, "fleet.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("# rollout: { policy: standard }", $"rollout: {{ policy: {policy} }}", StringComparison.Ordinal));
    }

    /// <summary>Changes the header every template includes, so every site's bundle changes (without committing).</summary>
    public static void TouchHeader(FleetGitRepo repo, string text)
    {
        var path = Path.Combine(repo.Root, "partials", "header.j2");
        File.AppendAllText(path, $"# {text}\n");
    }

    /// <summary>Moves the clock forward to the next <paramref name="local"/> time of day in Europe/Zurich.</summary>
    public static void AdvanceToZurich(AdjustableClock clock, TimeOnly local)
    {
        Assert.True(TimeZones.TryFind("Europe/Zurich", out var zurich));
        var now = clock.GetUtcNow();
        var today = TimeZoneInfo.ConvertTime(now, zurich);
        var target = new DateTime(DateOnly.FromDateTime(today.DateTime), local, DateTimeKind.Unspecified);
        var utc = new DateTimeOffset(target, zurich.GetUtcOffset(target));
        if (utc <= now)
        {
            target = target.AddDays(1);
            utc = new DateTimeOffset(target, zurich.GetUtcOffset(target));
        }

        clock.Advance(utc - now);
    }

    /// <summary>Joins and runs an agent for each site and waits until each applied its desired revision.</summary>
    public static async Task RunAgentsAsync(TestHub hub)
    {
        foreach (var site in Sites)
        {
            await hub.JoinExistingAsync(site);
            hub.RunAgent(site);
        }

        foreach (var site in Sites)
        {
            var desired = (await hub.SiteAsync(site)).DesiredRevision;
            await hub.WaitForSiteAsync(site, s => s.Online && s.AppliedRevision == desired && desired is not null, "first fleet revision applied", 60);
        }
    }
}
