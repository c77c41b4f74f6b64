namespace Outpost.Bench.Templating;

/// <summary>
/// One fleet bundle as the benchmark renders it: the sources its templates may include (fleet partials/, then the
/// bundle's templates/ over them, as CompiledBundle does) and the files rendered from templates/.
/// Files copied from files/ are not rendered by either engine and are only counted.
/// </summary>
internal sealed record WorkloadBundle(string Name, string Root, IReadOnlyDictionary<string, string> Sources, IReadOnlyList<WorkloadFile> Files, int RawFiles);
