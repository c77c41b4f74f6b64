using System.Globalization;

namespace Outpost.Hub.GitOps;

/// <summary>The fleet follower's settings, read from <see cref="HubOptions.Extra"/> ("fleet.*" keys, string values).</summary>
public sealed record FleetFollowerSettings
{
    public const string RepositoryKey = "fleet.repo";
    public const string BranchKey = "fleet.branch";
    public const string PollSecondsKey = "fleet.poll-seconds";
    public const string SubdirectoryKey = "fleet.subdirectory";
    public const string CacheDirectoryKey = "fleet.cache-dir";
    public const string WebhookSecretKey = "fleet.webhook-secret";

    /// <summary>A local path or a URL; null when the hub follows no fleet repository.</summary>
    public string? Repository { get; init; }

    public string Branch { get; init; } = "main";

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Folder of the repository holding fleet.yaml, when it is not the root (found by itself for a local path inside a work tree).</summary>
    public string? Subdirectory { get; init; }

    /// <summary>Where remote repositories are cloned; defaults to DATA/fleet-cache so the hub never shares a cache with operators' commands.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Shared secret for the unauthenticated webhook (POST /v1/fleet/hook); null disables the webhook.</summary>
    public string? WebhookSecret { get; init; }

    public bool Enabled => Repository is not null;

    public static FleetFollowerSettings From(HubOptions options)
    {
        var extra = options.Extra;
        string? Get(string key) => extra.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var poll = TimeSpan.FromSeconds(60);
        if (Get(PollSecondsKey) is { } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 86_400)
            {
                throw new ArgumentException($"{PollSecondsKey} '{text}' is not a number of seconds between 0 and 86400");
            }

            poll = TimeSpan.FromSeconds(seconds);
        }

        return new FleetFollowerSettings
        {
            // A local folder is pinned now: the hub's working directory must not change what it follows.
            Repository = Get(RepositoryKey) is { } repository && Directory.Exists(repository) ? Path.GetFullPath(repository) : Get(RepositoryKey),
            Branch = Get(BranchKey) ?? "main",
            PollInterval = poll,
            Subdirectory = Get(SubdirectoryKey),
            CacheDirectory = Get(CacheDirectoryKey) ?? Path.Combine(Path.GetFullPath(options.DataDirectory), "fleet-cache"),
            WebhookSecret = Get(WebhookSecretKey),
        };
    }
}
