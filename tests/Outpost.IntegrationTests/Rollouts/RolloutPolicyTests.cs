using Outpost.Cli;
using Outpost.Hub.Rollouts;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>Bad rollout input is a clear error that names the file, line and field, and starts nothing.</summary>
public sealed class RolloutPolicyTests
{
    [Fact]
    public async Task Bad_policies_and_unknown_revisions_are_refused_and_nothing_starts()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.AddSiteAsync("lab-canary-01", "eu-central", new Dictionary<string, string> { ["tier"] = "canary" });
        await hub.AddSiteAsync("lab-zurich-02", "eu-central", new Dictionary<string, string> { ["tier"] = "standard" });

        var unknownKey = await Refused(hub, "typo.yaml", "name: typo\nwaves:\n  - name: canary\n    selector: teir=canary\n");
        Assert.Contains("typo.yaml:4: waves[0].selector: unknown label key 'teir'", unknownKey, StringComparison.Ordinal);

        // "canary, then eu-central" is fine: the canary stays in the first wave. A wave left empty by earlier ones is not.
        await hub.Client.PostAsync<PolicySummary>("/v1/rollout-policies", new PolicyApplyRequest("staged.yaml",
            "name: staged\nwaves:\n  - name: canary\n    selector: tier=canary\n  - name: eu\n    selector: region=eu-central\n"), CancellationToken.None);
        var overlap = await Refused(hub, "overlap.yaml", "name: overlap\nwaves:\n  - name: eu\n    selector: region=eu-central\n  - name: canary\n    selector: tier=canary\n");
        Assert.Contains("overlap.yaml:6: waves[1].selector: overlaps wave 'eu': every site it selects (1) is already in an earlier wave", overlap, StringComparison.Ordinal);

        var zone = await Refused(hub, "zone.yaml", "name: zone\nwaves:\n  - name: all\nmaintenanceWindows:\n  - selector: tier=canary\n    timeZone: Europe/Zurch\n    start: \"02:00\"\n    end: \"05:00\"\n");
        Assert.Contains("zone.yaml:5: maintenanceWindows[0].timeZone: 'Europe/Zurch' is not a known time zone", zone, StringComparison.Ordinal);

        var window = await Refused(hub, "window.yaml", "name: window\nwaves:\n  - name: all\nmaintenanceWindows:\n  - site: lab-canary-01\n    days: [sun]\n    start: \"25:00\"\n    end: \"05:00\"\n");
        Assert.Contains("window.yaml:7: maintenanceWindows[0].start: '25:00' is not a time of day", window, StringComparison.Ordinal);

        var day = await Refused(hub, "day.yaml", "name: day\nwaves:\n  - name: all\nmaintenanceWindows:\n  - site: lab-canary-01\n    days: [sunday, funday]\n    start: \"02:00\"\n    end: \"05:00\"\n");
        Assert.Contains("day.yaml:6: maintenanceWindows[0].days: 'funday' is not a day", day, StringComparison.Ordinal);

        var field = await Refused(hub, "field.yaml", "name: field\nwaves:\n  - name: all\n    bakeTme: 5m\n");
        Assert.Contains("field.yaml:4: waves[0].bakeTme: is not a known field", field, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<CliException>(() => RolloutFleet.StartAsync(hub, "sha256:" + new string('0', 64)));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var noPolicy = await Assert.ThrowsAsync<CliException>(() => hub.Client.PostAsync<RolloutView>("/v1/rollouts",
            new RolloutStartRequest("sha256:" + new string('0', 64), "nope", null, null, false), CancellationToken.None));
        Assert.Contains("does not exist", noPolicy.Message, StringComparison.Ordinal);

        // Only the one good policy was stored; none of the refused ones.
        Assert.Equal(["staged"], (await hub.Client.GetAsync<List<PolicySummary>>("/v1/rollout-policies", CancellationToken.None)).Select(p => p.Name));
        Assert.Empty(await hub.Client.GetAsync<List<RolloutView>>("/v1/rollouts", CancellationToken.None));
    }

    [Fact]
    public void A_sunday_night_window_in_zurich_is_open_only_then()
    {
        var window = new MaintenanceWindow { Site = "lab", Days = [DayOfWeek.Sunday], Start = new TimeOnly(2, 0), End = new TimeOnly(5, 0) };
        Assert.True(TimeZones.TryFind("Europe/Zurich", out var zurich));
        Assert.True(window.IsOpen(DateTimeOffset.Parse("2026-01-04T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), zurich)); // Sunday 02:30 CET
        Assert.False(window.IsOpen(DateTimeOffset.Parse("2026-01-04T04:30:00Z", System.Globalization.CultureInfo.InvariantCulture), zurich)); // Sunday 05:30 CET
        Assert.False(window.IsOpen(DateTimeOffset.Parse("2026-01-05T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), zurich)); // Monday

        var overnight = new MaintenanceWindow { Site = "lab", Days = [DayOfWeek.Saturday], Start = new TimeOnly(22, 0), End = new TimeOnly(2, 0) };
        Assert.True(overnight.IsOpen(DateTimeOffset.Parse("2026-01-04T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc)); // Sunday 01:00
        Assert.False(overnight.IsOpen(DateTimeOffset.Parse("2026-01-04T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc)); // Sunday 23:00
    }

    private static async Task<string> Refused(TestHub hub, string file, string yaml) =>
        (await Assert.ThrowsAsync<CliException>(() => RolloutFleet.ApplyPolicyAsync(hub, file, yaml))).Message;
}
