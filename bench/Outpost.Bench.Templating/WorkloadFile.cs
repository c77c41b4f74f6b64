namespace Outpost.Bench.Templating;

/// <summary>
/// One templated file of a bundle: <paramref name="Template"/> is its name under templates/ (also its key in the
/// bundle's sources); the output path is <paramref name="PathTemplate"/>, itself rendered when it contains "{{" or "{%";
/// with <paramref name="Foreach"/> set it is rendered once per item of that list variable, with <c>item</c> bound.
/// <paramref name="Id"/> is unique across all bundles.
/// </summary>
internal sealed record WorkloadFile(int Id, string Template, string PathTemplate, bool PathIsTemplated, string? Foreach);
