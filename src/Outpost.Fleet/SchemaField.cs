namespace Outpost.Fleet;

/// <summary>One declared variable: its path (<c>[]</c> means every list item), type, whether it is required and what values it may take.</summary>
public sealed record SchemaField(string Path, SchemaType Type, SourceLocation Location)
{
    public bool Required { get; init; }

    public IReadOnlyList<object?>? Allowed { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public System.Text.RegularExpressions.Regex? Pattern { get; init; }

    public string? Description { get; init; }
}
