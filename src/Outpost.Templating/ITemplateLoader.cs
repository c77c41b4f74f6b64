namespace Outpost.Templating;

/// <summary>Finds template source by name for include, import and extends.</summary>
public interface ITemplateLoader
{
    /// <summary>Returns the source of the named template, or null when there is none.</summary>
    string? Load(string name);
}
