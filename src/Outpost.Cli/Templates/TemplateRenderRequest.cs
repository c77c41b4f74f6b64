using Outpost.Templating;

namespace Outpost.Cli.Templates;

/// <summary>The parsed arguments of `outpost template render`.</summary>
public sealed class TemplateRenderRequest
{
    public required string TemplatePath { get; init; }

    public IReadOnlyList<string> DataFiles { get; init; } = [];

    public IReadOnlyList<string> SearchPaths { get; init; } = [];

    public TemplateOptions Options { get; init; } = new();

    public string? EachFile { get; init; }

    public string? OutDir { get; init; }

    public string? NameTemplate { get; init; }
}
