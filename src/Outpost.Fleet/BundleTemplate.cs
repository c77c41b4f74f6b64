namespace Outpost.Fleet;

/// <summary>One file a bundle renders: its source under the bundle, the (templated) output path and an optional per-item loop.</summary>
public sealed record BundleTemplate(string Source, string PathTemplate)
{
    /// <summary>True for files under <c>templates/</c> (rendered), false for files under <c>files/</c> (copied byte for byte).</summary>
    public bool IsTemplate { get; init; } = true;

    /// <summary>Variable path of a list; when set, the file is rendered once per item with <c>item</c> bound.</summary>
    public string? Foreach { get; init; }

    /// <summary>Where the output path or loop was declared (bundle.yaml), for errors.</summary>
    public SourceLocation? DeclaredAt { get; init; }
}
