namespace Outpost.Templating.Runtime;

/// <summary>A Python slice object built by subscript syntax a[start:stop:step].</summary>
internal sealed record Slice(object? Start, object? Stop, object? Step);
