namespace Outpost.Protocol.Bundles;

/// <summary>One file of a bundle: relative path, content digest, size and unix mode.</summary>
public sealed record BundleFile(string Path, string Digest, long Size, int Mode);
