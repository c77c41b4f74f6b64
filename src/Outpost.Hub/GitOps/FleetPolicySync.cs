using System.Text.Json;
using Outpost.Fleet;
using Outpost.Hub.Events;
using Outpost.Hub.Rollouts;
using Outpost.Hub.Sites;

namespace Outpost.Hub.GitOps;

/// <summary>
/// Reads the fleet's rollout policies (<c>rollouts/*.yaml</c>) at a commit, checks them like <c>outpost rollout policy apply</c>
/// does, and stores them as fleet policies. All or nothing: when any file is bad, the hub keeps the previous commit's policies.
/// </summary>
public sealed class FleetPolicySync(PolicyStore policies, SiteRepository sites, EventLog events)
{
    /// <summary>Stores the commit's policies; returns the names the repository defines and the problems (file, line, field).</summary>
    public FleetPolicyResult Apply(FleetRepository fleet, string actor)
    {
        var parsed = new List<(string Name, string File, string Yaml)>();
        var problems = new List<FleetProblem>();
        var hubSites = sites.List().Where(s => s.RevokedAt is null).ToList();
        foreach (var file in fleet.RolloutPolicyFiles)
        {
            try
            {
                var policy = PolicyParser.Parse(file.Text, file.Path);
                PolicyParser.CheckAgainst(policy, file.Text, file.Path, hubSites);
                var fileName = Path.GetFileNameWithoutExtension(file.Path);
                if (policy.Name != fileName)
                {
                    throw new PolicyException(file.Path, NameLine(file.Text), "name", $"'{policy.Name}' must match the file name '{fileName}' (one policy per file, named after it)");
                }

                parsed.Add((policy.Name, file.Path, file.Text));
            }
            catch (PolicyException e)
            {
                problems.Add(new FleetProblem { File = e.File, Line = e.Line, Field = e.Field, Message = e.Message, Text = e.Message });
            }
        }

        if (fleet.Settings.Rollout is { } rollout && problems.Count == 0 && parsed.All(p => p.Name != rollout.Policy) && policies.Find(rollout.Policy) is null)
        {
            problems.Add(FleetProblem.From(new FleetError($"rollout policy '{rollout.Policy}' is neither in rollouts/ nor stored on the hub")
            {
                Location = rollout.Location,
                Field = "rollout.policy",
            }));
        }

        if (problems.Count > 0)
        {
            events.Record("fleet-policy-failed", actor, data: JsonSerializer.Serialize(new { commit = fleet.CommitId, errors = problems.Select(p => p.Text) }));
            return new FleetPolicyResult(policies.FleetNames(), problems);
        }

        var changed = policies.SaveFromFleet(parsed, fleet.CommitId, actor);
        foreach (var name in changed)
        {
            var file = parsed.First(p => p.Name == name).File;
            events.Record("rollout-policy-applied", actor, data: JsonSerializer.Serialize(new { policy = name, file, commit = fleet.CommitId, origin = PolicyOrigins.Fleet }));
        }

        return new FleetPolicyResult(parsed.Select(p => p.Name).Order(StringComparer.Ordinal).ToList(), []);
    }

    private static int NameLine(string yaml)
    {
        var index = Array.FindIndex(yaml.Split('\n'), line => line.StartsWith("name:", StringComparison.Ordinal));
        return index < 0 ? 1 : index + 1;
    }
}
