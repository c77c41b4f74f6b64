using Outpost.Cli;
using Outpost.Hub.Rollouts;
using Outpost.IntegrationTests.GitOps;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests.Rollouts;

/// <summary>Rollout policies kept in the fleet repository: bad files hold the commit's rollout, the list shows their source, the repository wins.</summary>
public sealed class FleetRolloutPolicyTests
{
    [Fact]
    public async Task A_bad_policy_file_is_reported_with_file_and_line_and_nothing_is_rolled_out_until_a_commit_fixes_it()
    {
        using var repo = FleetRolloutSetup.CreateRepo();
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");
        var before = await hub.DesiredRevisionsAsync();

        FleetRolloutSetup.NamePolicy(repo);
        FleetRolloutSetup.TouchHeader(repo, "v2");
        File.WriteAllText(Path.Combine(repo.Root, "rollouts", "night.yaml"), "name: night\nwaves:\n  - name: canary\n    selector: teir=staging\n  - name: rest\n");
        var broken = repo.CommitAll("a typo in a policy");
        var status = await hub.RefreshFleetAsync();

        // Rendering is not affected; the policy error names file, line and field; nothing is published or rolled out.
        Assert.Equal(broken, status.Commit);
        Assert.Equal(3, status.Rendered);
        var problem = Assert.Single(status.PolicyErrors);
        Assert.Equal("rollouts/night.yaml", problem.File);
        Assert.Equal(4, problem.Line);
        Assert.Equal("waves[0].selector", problem.Field);
        Assert.StartsWith("rollouts/night.yaml:4: waves[0].selector: unknown label key 'teir'", problem.Text, StringComparison.Ordinal);
        Assert.Null(status.Rollout);
        Assert.Contains("rollout policies have errors", status.RolloutHeld, StringComparison.Ordinal);
        Assert.Equal(FleetRolloutSetup.Sites.Order(), status.HeldSites);
        Assert.Empty(status.Revisions);
        Assert.Equal(0, status.Changed);
        Assert.Equal(before, await hub.DesiredRevisionsAsync());
        Assert.Empty(await hub.Client.GetAsync<List<RolloutView>>("/v1/rollouts", CancellationToken.None));
        Assert.Contains(await RolloutFleet.EventsAsync(hub), e => e.Kind == "fleet-policy-failed" && e.Data.Contains("rollouts/night.yaml:4", StringComparison.Ordinal));

        var cli = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "fleet", "status");
        Assert.Contains("policy error: rollouts/night.yaml:4: waves[0].selector: unknown label key 'teir'", cli.Stderr, StringComparison.Ordinal);

        // The fix rolls the held sites out.
        var fixedCommit = repo.Delete("rollouts/night.yaml");
        var fixedStatus = await hub.RefreshFleetAsync();
        Assert.Equal(fixedCommit, fixedStatus.Commit);
        Assert.Empty(fixedStatus.PolicyErrors);
        Assert.NotNull(fixedStatus.Rollout);
        var id = fixedStatus.Rollout.Value;
        Assert.Equal(3, fixedStatus.Changed);
        var view = await RolloutFleet.GetAsync(hub, id);
        Assert.Equal(3, view.Waves.Sum(w => w.Total));
        Assert.Equal("running", view.State);

        // A commit while that rollout is active waits for it, and goes as soon as it is rolled back.
        FleetRolloutSetup.TouchHeader(repo, "v3");
        var third = repo.CommitAll("v3");
        var waiting = await hub.RefreshFleetAsync();
        Assert.Equal(third, waiting.Commit);
        Assert.Null(waiting.Rollout);
        Assert.Contains($"rollout {id}", waiting.RolloutHeld, StringComparison.Ordinal);
        Assert.Equal(FleetRolloutSetup.Sites.Order(), waiting.HeldSites);

        // No refresh and no poll (the test polls hourly): the end of the rollout wakes the follower.
        await RolloutFleet.ActAsync(hub, id, "rollback");
        var retried = await hub.WaitForFleetAsync(s => s.Rollout is { } next && next != id, "the waiting commit rolled out");
        Assert.Equal(third, retried.Commit);
        Assert.NotNull(retried.Rollout);
        Assert.NotEqual(id, retried.Rollout);
        Assert.Equal(3, (await RolloutFleet.GetAsync(hub, retried.Rollout.Value)).Waves.Sum(w => w.Total));
    }

    [Fact]
    public async Task Policy_list_shows_the_repository_as_source_and_the_repository_wins_over_an_operator_policy_of_the_same_name()
    {
        using var repo = FleetRolloutSetup.CreateRepo();
        var standard = repo.Read("rollouts/standard.yaml");
        repo.Delete("rollouts/standard.yaml");
        await using var hub = await TestHub.StartAsync(FleetTestHub.Follow(repo.Root));
        await hub.WaitForFleetAsync(s => s.Commit == repo.Head, "first commit applied");

        await RolloutFleet.ApplyPolicyAsync(hub, "standard.yaml", "name: standard\nwaves:\n  - name: all\n");
        await RolloutFleet.ApplyPolicyAsync(hub, "careful.yaml", "name: careful\nwaves:\n  - name: all\n    maxUnavailable: 1\n");
        Assert.Equal(PolicyOrigins.Operator, (await Policies(hub)).Single(p => p.Name == "standard").Origin);

        // The repository gains rollouts/standard.yaml: its version replaces the operator's.
        Directory.CreateDirectory(Path.Combine(repo.Root, "rollouts"));
        File.WriteAllText(Path.Combine(repo.Root, "rollouts", "standard.yaml"), standard);
        var commit = repo.CommitAll("rollout policy in the repository");
        var status = await hub.RefreshFleetAsync();
        Assert.Equal(["standard"], status.Policies);

        var listed = await Policies(hub);
        var fromRepo = listed.Single(p => p.Name == "standard");
        Assert.Equal(PolicyOrigins.Fleet, fromRepo.Origin);
        Assert.Equal(commit, fromRepo.Commit);
        Assert.Equal("rollouts/standard.yaml", fromRepo.File);
        Assert.Equal(standard, fromRepo.Source);
        Assert.Equal(3, fromRepo.Waves.Count);
        Assert.Equal(PolicyOrigins.Operator, listed.Single(p => p.Name == "careful").Origin);

        var table = await OutpostProcess.RunAsync(hub.Host.OperatorConfigPath, "rollout", "policy", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("standard", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("fleet@", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("operator", table.Stdout, StringComparison.Ordinal);

        // Operators cannot change a policy the repository owns.
        var refused = await Assert.ThrowsAsync<CliException>(() => RolloutFleet.ApplyPolicyAsync(hub, "standard.yaml", "name: standard\nwaves:\n  - name: all\n"));
        Assert.Contains("comes from the fleet repository", refused.Message, StringComparison.Ordinal);

        // Removed from the repository: removed from the hub; the operator's own policy stays.
        repo.Delete("rollouts/standard.yaml");
        await hub.RefreshFleetAsync();
        Assert.Equal(["careful"], (await Policies(hub)).Select(p => p.Name));
    }

    private static Task<List<PolicySummary>> Policies(TestHub hub) => hub.Client.GetAsync<List<PolicySummary>>("/v1/rollout-policies", CancellationToken.None);
}
