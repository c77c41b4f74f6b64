namespace Outpost.Hub.Rollouts;

/// <summary>
/// A weekly quiet period in a site's own time zone, for the sites a selector or id names. An end before the start
/// means the window runs over midnight (22:00–02:00 on Saturday ends on Sunday at 02:00).
/// </summary>
public sealed record MaintenanceWindow
{
    public string? Selector { get; init; }
    public string? Site { get; init; }

    /// <summary>IANA zone; null means the site's "tz" variable, else UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Days the window starts on; empty means every day.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];
    public TimeOnly Start { get; init; }
    public TimeOnly End { get; init; }

    public bool IsOpen(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (Start < End)
        {
            return time >= Start && time < End && StartsOn(local.DayOfWeek);
        }

        // Over midnight: the part after midnight belongs to the window that started the day before.
        return (time >= Start && StartsOn(local.DayOfWeek)) || (time < End && StartsOn(local.AddDays(-1).DayOfWeek));
    }

    private bool StartsOn(DayOfWeek day) => Days.Count == 0 || Days.Contains(day);
}
