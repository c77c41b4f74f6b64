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
}
