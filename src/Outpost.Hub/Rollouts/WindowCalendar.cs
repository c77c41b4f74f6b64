using Outpost.Hub.Sites;

namespace Outpost.Hub.Rollouts;

/// <summary>Answers whether a site is inside one of its maintenance windows now; a site no window names is always open.</summary>
internal sealed class WindowCalendar
{
    private readonly List<(MaintenanceWindow Window, LabelSelector? Selector)> _windows;

    public WindowCalendar(IReadOnlyList<MaintenanceWindow> windows) =>
        _windows = windows.Select(w => (w, w.Selector is null ? null : LabelSelector.Parse(w.Selector))).ToList();

    public bool IsEmpty => _windows.Count == 0;

    public bool IsOpen(SiteRecord site, DateTimeOffset now)
    {
        var any = false;
        IReadOnlyDictionary<string, string>? labels = null;
        foreach (var (window, selector) in _windows)
        {
            var applies = window.Site is { } id ? id == site.Id : selector!.Matches(labels ??= site.SelectableLabels());
            if (!applies)
            {
                continue;
            }

            any = true;
            if (window.IsOpen(now, Zone(window, site)))
            {
                return true;
            }
        }

        return !any;
    }

    // The window's own zone, else the site's "tz" variable, else UTC (a bad site variable must not stop a rollout).
    private static TimeZoneInfo Zone(MaintenanceWindow window, SiteRecord site) =>
        (window.TimeZone ?? (site.Vars.TryGetValue("tz", out var tz) ? tz : null)) is { } name && TimeZones.TryFind(name, out var zone) ? zone : TimeZoneInfo.Utc;
}
