namespace Outpost.Hub;

/// <summary>The URL this hub is reached at, known once Kestrel has bound its port.</summary>
public sealed class HubUrl(TimeProvider time)
{
    public string Value { get; set; } = "";

    /// <summary>The hub's clock, for answers that state a time.</summary>
    public TimeProvider Time { get; } = time;
}
