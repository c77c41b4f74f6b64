using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Outpost.Hub.Operators;

namespace Outpost.Cli.Operator;

/// <summary>Finds the operator config like kubectl finds a kubeconfig: --config, then $OUTPOST_CONFIG, then ~/.config/outpost/config.json.</summary>
internal static class OperatorConfigLocator
{
    public static string DefaultPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "outpost", "config.json");

    /// <summary>The file <see cref="Load"/> reads for this --config value.</summary>
    public static string PathOf(string? explicitPath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OUTPOST_CONFIG");
        return explicitPath ?? (string.IsNullOrEmpty(fromEnvironment) ? DefaultPath : fromEnvironment);
    }

    public static OperatorConfig Load(string? explicitPath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OUTPOST_CONFIG");
        var path = PathOf(explicitPath);
        if (!File.Exists(path))
        {
            var source = explicitPath is not null ? "--config" : string.IsNullOrEmpty(fromEnvironment) ? "the default location" : "$OUTPOST_CONFIG";
            throw new CliException($"no operator config at {path} ({source}). A hub writes DATA_DIR/operator.json on first start: pass --config DATA_DIR/operator.json, set OUTPOST_CONFIG, or copy it to {DefaultPath}.");
        }

        OperatorConfig config;
        try
        {
            config = OperatorConfig.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }

        return Checked(config, path);
    }

    // A hand-edited or truncated config would otherwise fail inside HubClient's constructor with a stack trace.
    private static OperatorConfig Checked(OperatorConfig config, string path)
    {
        if (!Uri.TryCreate(config.HubUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            throw new CliException($"{path}: hubUrl '{config.HubUrl}' is not a URL like https://hub.example:8443");
        }

        try
        {
            using var ca = X509Certificate2.CreateFromPem(config.CaCertificatePem);
        }
        catch (CryptographicException)
        {
            throw new CliException($"{path}: caCertificatePem is not a PEM certificate");
        }

        return config;
    }
}
