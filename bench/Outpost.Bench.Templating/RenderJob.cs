namespace Outpost.Bench.Templating;

/// <summary>One file to render for one site: the bundle and file, and the data the template sees.</summary>
internal sealed record RenderJob(int Site, WorkloadBundle Bundle, WorkloadFile File, IReadOnlyDictionary<string, object?> Data);
