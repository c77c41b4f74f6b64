using System.Globalization;
using Outpost.Hub.Sites;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outpost.Hub.Rollouts;

/// <summary>Reads a rollout policy from YAML; every error names the file, the line and the field.</summary>
public static class PolicyParser
{
    private static readonly string[] PolicyKeys = ["name", "waves", "maintenanceWindows", "autoRollback", "offlineDeadline"];
    private static readonly string[] WaveKeys = ["name", "selector", "batchSize", "maxUnavailable", "bakeTime", "failureThreshold", "approval"];
    private static readonly string[] WindowKeys = ["selector", "site", "timeZone", "days", "start", "end"];

    public static RolloutPolicy Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PolicyException(file, (int)e.Start.Line, "(document)", $"is not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PolicyException(file, 1, "(document)", "must be a mapping with name and waves");
        }

        var at = new Reader(file);
        at.OnlyKeys(root, "", PolicyKeys);
        var name = at.RequiredString(root, "name", "");
        if (SiteId.Problem(name) is not null)
        {
            throw at.Error(root, "name", $"'{name}' must be lower-case letters, digits and '-'");
        }

        var wavesNode = at.Get(root, "waves") as YamlSequenceNode ?? throw at.Error(root, "waves", "is required: a list of waves");
        if (wavesNode.Children.Count == 0)
        {
            throw at.Error(wavesNode, "waves", "needs at least one wave");
        }

        var waves = new List<WavePolicy>();
        for (var i = 0; i < wavesNode.Children.Count; i++)
        {
            waves.Add(ParseWave(at, wavesNode.Children[i], $"waves[{i}]", i == wavesNode.Children.Count - 1));
        }

        var duplicate = waves.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = waves.FindLastIndex(w => w.Name == duplicate.Key);
            throw at.Error(wavesNode.Children[second], $"waves[{second}].name", $"'{duplicate.Key}' names two waves");
        }

        for (var i = 0; i < waves.Count; i++)
        {
            var same = waves.FindIndex(w => w.Selector is not null && Canonical(w.Selector) == Canonical(waves[i].Selector));
            if (waves[i].Selector is not null && same < i)
            {
                throw at.Error(wavesNode.Children[i], $"waves[{i}].selector", $"overlaps wave '{waves[same].Name}': both select '{waves[i].Selector}'");
            }
        }

        var windows = new List<MaintenanceWindow>();
        if (at.Get(root, "maintenanceWindows") is { } windowsNode)
        {
            var list = windowsNode as YamlSequenceNode ?? throw at.Error(root, "maintenanceWindows", "must be a list");
            for (var i = 0; i < list.Children.Count; i++)
            {
                windows.Add(ParseWindow(at, list.Children[i], $"maintenanceWindows[{i}]"));
            }
        }

        var deadline = at.OptionalDuration(root, "offlineDeadline", "") ?? TimeSpan.FromMinutes(30);
        return new RolloutPolicy
        {
            Name = name,
            Waves = waves,
            MaintenanceWindows = windows,
            AutoRollback = at.OptionalBool(root, "autoRollback", "") ?? false,
            OfflineDeadline = deadline,
        };
    }

    /// <summary>Checks a policy against the fleet as it is: selector keys must exist, and no site may fall in two waves.</summary>
    public static void CheckAgainst(RolloutPolicy policy, string yaml, string file, IReadOnlyList<SiteRecord> sites)
    {
        var keys = new HashSet<string>(sites.SelectMany(s => s.Labels.Keys), StringComparer.Ordinal) { "region", "site" };
        var lines = WaveLines(yaml);
        var selectors = policy.Waves.Select(w => w.Selector is null ? null : LabelSelector.Parse(w.Selector)).ToList();
        for (var i = 0; i < policy.Waves.Count; i++)
        {
            foreach (var key in SelectorKeys(policy.Waves[i].Selector))
            {
                if (!keys.Contains(key))
                {
                    throw new PolicyException(file, Line(lines, $"waves[{i}]"), $"waves[{i}].selector",
                        $"unknown label key '{key}': no site has it (known keys: {string.Join(", ", keys.Order(StringComparer.Ordinal))})");
                }
            }
        }

        for (var w = 0; w < policy.MaintenanceWindows.Count; w++)
        {
            var window = policy.MaintenanceWindows[w];
            foreach (var key in SelectorKeys(window.Selector).Where(k => !keys.Contains(k)))
            {
                throw new PolicyException(file, Line(lines, $"maintenanceWindows[{w}]"), $"maintenanceWindows[{w}].selector", $"unknown label key '{key}': no site has it");
            }

            if (window.Site is { } id && sites.All(s => s.Id != id))
            {
                throw new PolicyException(file, Line(lines, $"maintenanceWindows[{w}]"), $"maintenanceWindows[{w}].site", $"site '{id}' does not exist");
            }
        }

        // A site belongs to the first wave that selects it, so "canary, then eu-central, then the rest" reads as
        // written. A wave is overlapping (an error) when every site it selects is already in earlier waves.
        var live = sites.Where(s => s.RevokedAt is null).Select(s => s.SelectableLabels()).ToList();
        for (var i = 1; i < selectors.Count; i++)
        {
            if (selectors[i] is not { } selector)
            {
                continue;
            }

            var selected = live.Where(selector.Matches).ToList();
            var earlier = selected.Select(labels => Enumerable.Range(0, i).FirstOrDefault(j => selectors[j] is { } s && s.Matches(labels), -1)).ToList();
            if (selected.Count > 0 && earlier.All(j => j >= 0))
            {
                throw new PolicyException(file, Line(lines, $"waves[{i}]"), $"waves[{i}].selector",
                    $"overlaps wave '{policy.Waves[earlier[0]].Name}': every site it selects ({selected.Count}) is already in an earlier wave, so this wave would be empty");
            }
        }
    }

    private static WavePolicy ParseWave(Reader at, YamlNode node, string path, bool last)
    {
        var map = node as YamlMappingNode ?? throw new PolicyException(at.File, Line(node), path, "must be a mapping");
        at.OnlyKeys(map, path, WaveKeys);
        var name = at.RequiredString(map, "name", path);
        var selector = at.OptionalString(map, "selector", path);
        if (selector is not null)
        {
            try
            {
                LabelSelector.Parse(selector);
            }
            catch (FormatException e)
            {
                throw at.Error(map, $"{path}.selector", e.Message);
            }
        }
        else if (!last)
        {
            throw at.Error(map, $"{path}.selector", "is required: only the last wave may leave it out (meaning every remaining site)");
        }

        if (at.Get(map, "batchSize") is not null && at.Get(map, "maxUnavailable") is not null)
        {
            throw at.Error(map, $"{path}.batchSize", "give batchSize or maxUnavailable, not both");
        }

        var concurrency = at.OptionalQuantity(map, "maxUnavailable", path) ?? at.OptionalQuantity(map, "batchSize", path) ?? new Quantity(1, false);
        if (concurrency.Value == 0)
        {
            throw at.Error(map, $"{path}.maxUnavailable", "must be at least 1 (or a percentage above 0)");
        }

        return new WavePolicy
        {
            Name = name,
            Selector = selector,
            MaxUnavailable = concurrency,
            BakeTime = at.OptionalDuration(map, "bakeTime", path) ?? TimeSpan.Zero,
            FailureThreshold = at.OptionalQuantity(map, "failureThreshold", path) ?? new Quantity(1, false),
            Approval = at.OptionalBool(map, "approval", path) ?? false,
        };
    }

    private static MaintenanceWindow ParseWindow(Reader at, YamlNode node, string path)
    {
        var map = node as YamlMappingNode ?? throw new PolicyException(at.File, Line(node), path, "must be a mapping");
        at.OnlyKeys(map, path, WindowKeys);
        var selector = at.OptionalString(map, "selector", path);
        var site = at.OptionalString(map, "site", path);
        if ((selector is null) == (site is null))
        {
            throw at.Error(map, path, "give exactly one of selector or site");
        }

        if (selector is not null)
        {
            try
            {
                LabelSelector.Parse(selector);
            }
            catch (FormatException e)
            {
                throw at.Error(map, $"{path}.selector", e.Message);
            }
        }

        var zone = at.OptionalString(map, "timeZone", path);
        if (zone is not null && !TimeZones.TryFind(zone, out _))
        {
            throw at.Error(map, $"{path}.timeZone", $"'{zone}' is not a known time zone (use an IANA name like Europe/Zurich)");
        }

        var days = new List<DayOfWeek>();
        if (at.Get(map, "days") is { } daysNode)
        {
            var list = daysNode as YamlSequenceNode ?? throw at.Error(map, $"{path}.days", "must be a list like [sat, sun]");
            foreach (var day in list.Children)
            {
                var text = (day as YamlScalarNode)?.Value ?? "";
                days.Add(ParseDay(text) ?? throw new PolicyException(at.File, Line(day), $"{path}.days", $"'{text}' is not a day (mon, tue, wed, thu, fri, sat, sun)"));
            }
        }

        var start = at.RequiredTime(map, "start", path);
        var end = at.RequiredTime(map, "end", path);
        if (start == end)
        {
            throw at.Error(map, $"{path}.end", "equals start: the window would be empty");
        }

        return new MaintenanceWindow { Selector = selector, Site = site, TimeZone = zone, Days = days, Start = start, End = end };
    }

    private static DayOfWeek? ParseDay(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mon" or "monday" => DayOfWeek.Monday,
        "tue" or "tuesday" => DayOfWeek.Tuesday,
        "wed" or "wednesday" => DayOfWeek.Wednesday,
        "thu" or "thursday" => DayOfWeek.Thursday,
        "fri" or "friday" => DayOfWeek.Friday,
        "sat" or "saturday" => DayOfWeek.Saturday,
        "sun" or "sunday" => DayOfWeek.Sunday,
        _ => null,
    };

    // Only called after the selector parsed.
    private static IEnumerable<string> SelectorKeys(string? selector) => selector is null ? [] : LabelSelector.Parse(selector).Keys;

    private static string? Canonical(string? selector) =>
        selector is null ? null : string.Join(",", selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

    /// <summary>Line of each wave and window entry, for errors found after parsing (against the fleet).</summary>
    private static Dictionary<string, int> WaveLines(string yaml)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var key in new[] { "waves", "maintenanceWindows" })
        {
            if (root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode list)
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var item = list.Children[i];
                    var selector = item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("selector"), out var s) ? s : item;
                    lines[$"{key}[{i}]"] = Line(selector);
                }
            }
        }

        return lines;
    }

    private static int Line(Dictionary<string, int> lines, string path) => lines.TryGetValue(path, out var line) ? line : 1;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>Field access with errors that point at the node.</summary>
    private sealed class Reader(string file)
    {
        public string File { get; } = file;

        public YamlNode? Get(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public PolicyException Error(YamlNode near, string field, string message) => new(File, Line(near), field, message);

        public void OnlyKeys(YamlMappingNode map, string path, string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw new PolicyException(File, Line(key), Join(path, name), $"is not a known field (known: {string.Join(", ", allowed)})");
                }
            }
        }

        public string RequiredString(YamlMappingNode map, string key, string path) =>
            OptionalString(map, key, path) ?? throw Error(map, Join(path, key), "is required");

        public string? OptionalString(YamlMappingNode map, string key, string path)
        {
            var node = Get(map, key);
            if (node is null)
            {
                return null;
            }

            var value = (node as YamlScalarNode)?.Value;
            return string.IsNullOrWhiteSpace(value) ? throw Error(node, Join(path, key), "must be a non-empty text") : value.Trim();
        }

        public bool? OptionalBool(YamlMappingNode map, string key, string path)
        {
            var text = OptionalString(map, key, path);
            return text switch
            {
                null => null,
                "true" or "yes" => true,
                "false" or "no" => false,
                _ => throw Error(Get(map, key)!, Join(path, key), $"'{text}' is not true or false"),
            };
        }

        public TimeSpan? OptionalDuration(YamlMappingNode map, string key, string path)
        {
            var text = OptionalString(map, key, path);
            if (text is null)
            {
                return null;
            }

            return DurationText.TryParse(text, out var duration) ? duration : throw Error(Get(map, key)!, Join(path, key), $"'{text}' is not a duration like 0, 90s, 10m, 2h or 1d");
        }

        public Quantity? OptionalQuantity(YamlMappingNode map, string key, string path)
        {
            var text = OptionalString(map, key, path);
            if (text is null)
            {
                return null;
            }

            return Quantity.TryParse(text, out var quantity) ? quantity : throw Error(Get(map, key)!, Join(path, key), $"'{text}' is not a count like 2 or a percentage like 25%");
        }

        public TimeOnly RequiredTime(YamlMappingNode map, string key, string path)
        {
            var text = RequiredString(map, key, path);
            return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw Error(Get(map, key)!, Join(path, key), $"'{text}' is not a time of day like 02:00");
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
