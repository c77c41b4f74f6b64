using System.Diagnostics.CodeAnalysis;

namespace Outpost.Hub.Rollouts;

/// <summary>IANA time zone lookup that answers false instead of throwing.</summary>
public static class TimeZones
{
    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            zone = null;
            return false;
        }
    }
}
