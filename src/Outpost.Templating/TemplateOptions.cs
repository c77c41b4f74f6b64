namespace Outpost.Templating;

/// <summary>Environment settings, named and defaulted as jinja2.Environment() does.</summary>
public sealed class TemplateOptions
{
    public bool TrimBlocks { get; init; }
    public bool LstripBlocks { get; init; }
    public bool KeepTrailingNewline { get; init; }

    /// <summary>When true, undefined values raise as jinja2.StrictUndefined does.</summary>
    public bool StrictUndefined { get; init; }

    /// <summary>Largest range() a template may build; templates cannot loop unboundedly.</summary>
    public int MaxRangeLength { get; init; } = 100_000;

    /// <summary>Deepest nesting of macro calls, includes and recursive loops before rendering fails.</summary>
    public int MaxRecursionDepth { get; init; } = 200;
}
