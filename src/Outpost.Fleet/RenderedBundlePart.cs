namespace Outpost.Fleet;

/// <summary>What one bundle rendered for one site, with the hash of the inputs it was rendered from (for incremental re-rendering).</summary>
public sealed record RenderedBundlePart(string BundleName, string InputHash, IReadOnlyList<RenderedFile> Files);
