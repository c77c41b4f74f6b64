using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>Fleet-wide settings from <c>fleet.yaml</c>: the fleet's name and how templates are rendered.</summary>
public sealed class FleetSettings
{
    internal FleetSettings(string name, TemplateOptions templateOptions)
    {
        Name = name;
        TemplateOptions = templateOptions;
    }

    public string Name { get; }

    public TemplateOptions TemplateOptions { get; }

    /// <summary>fleet.yaml's <c>rollout</c> key: the rollout policy fleet commits go through; null to publish changes at once.</summary>
    public FleetRolloutSettings? Rollout { get; internal init; }
}
