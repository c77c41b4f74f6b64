using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outpost.Hub;

namespace Outpost.Cli.Hosting;

/// <summary>`outpost hub`: runs a regional hub until Ctrl-C.</summary>
internal static class HubCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Where the hub keeps its CA, database and blobs", DefaultValueFactory = _ => "./hub" };
        var listen = new Option<string?>("--listen") { Description = "https://ADDRESS:PORT to listen on (default https://127.0.0.1:8443)" };
        var publicUrl = new Option<string?>("--public-url") { Description = "URL agents use to reach the hub, if not the listen address" };
        var offlineAfter = new Option<double?>("--offline-after") { Description = "Seconds of silence before a site is offline (default 45)" };
        var heartbeat = new Option<double?>("--heartbeat") { Description = "Agent heartbeat interval in seconds (default 15)" };
        var retention = new Option<double?>("--telemetry-retention-days") { Description = "Prune site telemetry (reports, connects, disconnects) older than this from the event log; operator and rollout actions stay (default: keep all)" };
        var configFile = new Option<string?>("--config-file") { Description = "JSON file with hub settings (dataDirectory, listen, publicUrl, offlineAfterSeconds, heartbeatSeconds, certificateLifetimeDays, telemetryRetentionDays, serverNames, extra); flags override it" };
        var fleetRepo = new Option<string?>("--fleet-repo") { Description = "Follow this fleet Git repository (path or URL): render every site on each new commit and publish what changed" };
        var branch = new Option<string?>("--branch") { Description = "Branch of --fleet-repo to follow (default main)" };
        var fleetPoll = new Option<double?>("--fleet-poll") { Description = "Seconds between checks of the fleet branch (default 60); POST /v1/fleet/refresh checks at once" };
        var fleetSecret = new Option<string?>("--fleet-webhook-secret") { Description = "Shared secret that enables POST /v1/fleet/hook for Git server webhooks" };
        var command = new Command("hub", "Run a regional hub") { dataDir, listen, publicUrl, offlineAfter, heartbeat, retention, configFile, fleetRepo, branch, fleetPoll, fleetSecret };
        command.SetAction(async (parse, ct) =>
        {
            var options = new HubOptions();
            if (parse.GetValue(configFile) is { } file)
            {
                ApplyConfigFile(options, file);
            }

            if (parse.GetResult(dataDir) is { Implicit: false } || parse.GetValue(configFile) is null)
            {
                options.DataDirectory = parse.GetValue(dataDir)!;
            }

            options.Listen = parse.GetValue(listen) ?? options.Listen;
            options.PublicUrl = parse.GetValue(publicUrl) ?? options.PublicUrl;
            if (parse.GetValue(offlineAfter) is { } off)
            {
                options.OfflineAfter = TimeSpan.FromSeconds(off);
            }

            if (parse.GetValue(heartbeat) is { } hb)
            {
                options.HeartbeatInterval = TimeSpan.FromSeconds(hb);
            }

            if (parse.GetValue(retention) is { } days)
            {
                options.TelemetryRetention = RetentionDays(days, "--telemetry-retention-days");
            }

            SetExtra(options, "fleet.repo", parse.GetValue(fleetRepo));
            SetExtra(options, "fleet.branch", parse.GetValue(branch));
            SetExtra(options, "fleet.poll-seconds", parse.GetValue(fleetPoll) is { } poll ? poll.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            SetExtra(options, "fleet.webhook-secret", parse.GetValue(fleetSecret) ?? Environment.GetEnvironmentVariable("OUTPOST_FLEET_WEBHOOK_SECRET"));
            if (options.Extra.ContainsKey("fleet.branch") && !options.Extra.ContainsKey("fleet.repo"))
            {
                throw new CliException("--branch needs --fleet-repo");
            }

            await using var hub = await StartAsync(options, ct);
            Console.WriteLine($"Outpost hub listening on {hub.Url}");
            Console.WriteLine($"Operator config: {hub.OperatorConfigPath}");
            if (options.Extra.TryGetValue("fleet.repo", out var followed))
            {
                Console.WriteLine($"Following fleet repository {followed} (branch {(options.Extra.TryGetValue("fleet.branch", out var b) ? b : "main")}); `outpost fleet status` shows what it rendered");
            }

            Console.WriteLine($"  export OUTPOST_CONFIG={hub.OperatorConfigPath}   (or copy it to ~/.config/outpost/config.json)");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, hub.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            if (hub.FailedService is { } failed)
            {
                // The log above says why; exiting lets systemd (Restart=always) start a whole hub again.
                Console.Error.WriteLine($"error: the hub stopped because its background service {failed} failed (see the log above)");
                return 1;
            }

            Console.WriteLine("Shutting down.");
            return 0;
        });
        return command;
    }

    private static async Task<HubHost> StartAsync(HubOptions options, CancellationToken ct)
    {
        try
        {
            return await HubHost.StartAsync(options, logging => logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; }), cancellationToken: ct);
        }
        catch (IOException e)
        {
            // Kestrel reports a taken port this way ("address already in use"): a bad flag, not a crash.
            throw new CliException(e.Message);
        }
    }

    /// <summary>At least a day: rollout gates read recent reports, and a retention shorter than a wave would blind them.</summary>
    private static TimeSpan RetentionDays(double days, string what) => days >= 1
        ? TimeSpan.FromDays(days)
        : throw new CliException($"{what} must be at least 1 (days), not {days.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static void SetExtra(HubOptions options, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            options.Extra[key] = value;
        }
    }

    private static void ApplyConfigFile(HubOptions options, string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"hub config file {path} does not exist");
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var property in json.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "dataDirectory": options.DataDirectory = property.Value.GetString()!; break;
                    case "listen": options.Listen = property.Value.GetString()!; break;
                    case "publicUrl": options.PublicUrl = property.Value.GetString(); break;
                    case "offlineAfterSeconds": options.OfflineAfter = TimeSpan.FromSeconds(property.Value.GetDouble()); break;
                    case "heartbeatSeconds": options.HeartbeatInterval = TimeSpan.FromSeconds(property.Value.GetDouble()); break;
                    case "certificateLifetimeDays": options.CertificateLifetime = TimeSpan.FromDays(property.Value.GetDouble()); break;
                    case "telemetryRetentionDays": options.TelemetryRetention = RetentionDays(property.Value.GetDouble(), $"{path}: telemetryRetentionDays"); break;
                    case "extra":
                        // Feature settings such as "fleet.repo", "fleet.branch", "fleet.poll-seconds".
                        foreach (var setting in property.Value.EnumerateObject())
                        {
                            options.Extra[setting.Name] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString()! : setting.Value.GetRawText();
                        }

                        break;
                    case "serverNames":
                        foreach (var name in property.Value.EnumerateArray())
                        {
                            options.ServerNames.Add(name.GetString()!);
                        }

                        break;
                    default: throw new CliException($"{path}: unknown setting '{property.Name}'");
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }
}
