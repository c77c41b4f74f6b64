namespace Outpost.Fleet;

/// <summary>One problem found in a fleet repository, with everything needed to find and fix it.</summary>
public sealed record FleetError(string Message)
{
    public SourceLocation? Location { get; init; }

    public string? SiteId { get; init; }

    /// <summary>Variable path such as <c>lis.port</c> or <c>gateway.instruments[1].protocol</c>.</summary>
    public string? Field { get; init; }

    public string? Bundle { get; init; }

    public string? Template { get; init; }

    /// <summary>Formats as <c>file:line:col: site 'x': field 'y': message</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var parts = new List<string>(5);
        if (Location is not null)
        {
            parts.Add(Location.ToString());
        }
        if (SiteId is not null)
        {
            parts.Add($"site '{SiteId}'");
        }
        if (Bundle is not null)
        {
            parts.Add(Template is null ? $"bundle '{Bundle}'" : $"bundle '{Bundle}' template '{Template}'");
        }
        if (Field is not null)
        {
            parts.Add($"field '{Field}'");
        }
        parts.Add(Message);
        return string.Join(": ", parts);
    }
}
