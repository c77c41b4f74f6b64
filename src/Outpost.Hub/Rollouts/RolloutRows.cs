using System.Globalization;

namespace Outpost.Hub.Rollouts;

/// <summary>A row of the rollouts table (Dapper maps the snake_case columns onto these names).</summary>
internal sealed class RolloutRow
{
    public long Id { get; set; }
    public string Revision { get; set; } = "";
    public string Policy_Name { get; set; } = "";
    public string Policy_File { get; set; } = "";
    public string Policy_Source { get; set; } = "";
    public long Now_Flag { get; set; }
    public string State { get; set; } = "";
    public string? Reason { get; set; }
    public long Current_Wave { get; set; }
    public string Created_At { get; set; } = "";
    public string Created_By { get; set; } = "";
    public string? Finished_At { get; set; }

    public bool Now => Now_Flag != 0;

    public static DateTimeOffset? Time(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>A row of the rollout_waves table.</summary>
internal sealed class WaveRow
{
    public long Idx { get; set; }
    public string Name { get; set; } = "";
    public string? Selector { get; set; }
    public string State { get; set; } = "";
    public long Total { get; set; }
    public string? Started_At { get; set; }
    public string? Bake_Until { get; set; }
    public string? Approved_By { get; set; }
    public long Failures_Ignored { get; set; }
}

/// <summary>A row of the rollout_sites table: one site's state in one rollout.</summary>
internal sealed class SiteRow
{
    public string Site_Id { get; set; } = "";
    public long Wave_Idx { get; set; }
    public string State { get; set; } = "";
    public string? Previous_Revision { get; set; }
    public long? Since_Event { get; set; }
    public string? Dispatched_At { get; set; }
    public string? Finished_At { get; set; }
    public string? Reason { get; set; }
}
