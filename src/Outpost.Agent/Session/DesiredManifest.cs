using Outpost.Protocol.Bundles;
using Outpost.Protocol.Session;

namespace Outpost.Agent.Session;

/// <summary>The manifest bytes of a desired revision: as sent, rebuilt from the patch the hub sent instead, or fetched whole.</summary>
public static class DesiredManifest
{
    /// <summary>
    /// The manifest of <paramref name="desired"/> that passes <paramref name="verifies"/> (its digest and signature), or
    /// null when none does. A patch is applied to the base's manifest from <paramref name="manifestOf"/>; when this agent
    /// does not hold that one, or the result does not verify (the hub took this agent to hold another), the manifest is
    /// fetched whole over <paramref name="session"/> and checked the same way.
    /// </summary>
    public static async Task<byte[]?> ResolveAsync(DesiredRevision desired, Func<string, byte[]?> manifestOf, Func<byte[], bool> verifies, AgentSession session, CancellationToken cancellationToken)
    {
        if (desired.ManifestPatchBytes is not { } patch || desired.ManifestBase is not { } baseRevision)
        {
            return verifies(desired.Manifest) ? desired.Manifest : null;
        }

        if (ContentDigest.IsValid(baseRevision) && manifestOf(baseRevision) is { } earlier)
        {
            try
            {
                var rebuilt = ManifestPatch.Apply(earlier, patch, MessageChannel.MaxMessageBytes);
                if (verifies(rebuilt))
                {
                    return rebuilt;
                }
            }
            catch (InvalidDataException)
            {
                // Fetched whole below, like a patch against a manifest this agent does not hold.
            }
        }

        using var manifest = new MemoryStream();
        await session.FetchAsync(desired.Revision, content => content.CopyToAsync(manifest, cancellationToken), cancellationToken);
        var fetched = manifest.ToArray();
        return verifies(fetched) ? fetched : null;
    }
}
