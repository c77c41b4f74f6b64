namespace Outpost.Hub.Bundles;

/// <summary>A revision as stored: manifest bytes and the hub's signature over them.</summary>
public sealed record SignedRevision(string Digest, byte[] Manifest, string Signature);
