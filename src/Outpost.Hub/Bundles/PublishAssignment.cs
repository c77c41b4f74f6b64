namespace Outpost.Hub.Bundles;

/// <summary>A revision made desired for sites, durably, and not pushed yet.</summary>
public sealed record PublishAssignment(string Revision, IReadOnlyList<string> Sites);
