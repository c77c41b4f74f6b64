using System.CommandLine;

namespace Outpost.Cli;

/// <summary>Options shared by operator commands.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config") { Description = "Operator config (default: $OUTPOST_CONFIG, then ~/.config/outpost/config.json)" };

    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "Output format: table or json",
        DefaultValueFactory = _ => "table",
        Validators = { r => { if (r.GetValueOrDefault<string>() is not ("table" or "json")) { r.AddError("--output must be table or json"); } } },
    };
}
