using Outpost.Hub.Operators;

namespace Outpost.Cli.Operator;

/// <summary>Finds the operator config like kubectl finds a kubeconfig: --config, then $OUTPOST_CONFIG, then ~/.config/outpost/config.json.</summary>
internal static class OperatorConfigLocator
{
    public static string DefaultPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "outpost", "config.json");

    public static OperatorConfig Load(string? explicitPath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OUTPOST_CONFIG");
        var path = explicitPath ?? (string.IsNullOrEmpty(fromEnvironment) ? DefaultPath : fromEnvironment);
        if (!File.Exists(path))
        {
            var source = explicitPath is not null ? "--config" : string.IsNullOrEmpty(fromEnvironment) ? "the default location" : "$OUTPOST_CONFIG";
            throw new CliException($"no operator config at {path} ({source}). A hub writes DATA_DIR/operator.json on first start: pass --config DATA_DIR/operator.json, set OUTPOST_CONFIG, or copy it to {DefaultPath}.");
        }

        try
        {
            return OperatorConfig.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }
    }
}
