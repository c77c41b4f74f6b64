namespace Outpost.Agent.State;

/// <summary>The release the hub wants here: its revision (manifest digest), the signed manifest bytes and the signature.</summary>
public sealed record DesiredState(string Revision, byte[] ManifestBytes, string Signature);
