using Outpost.Fleet;
using Outpost.Hub.Bundles;
using Outpost.Protocol.Bundles;

namespace Outpost.Hub.GitOps;

/// <summary>Turns a site's rendered bundle into hub content: its files as blobs, its health checks as the config blob, and the manifest.</summary>
public sealed class FleetBundleBuilder(BlobStore blobs)
{
    /// <summary>Mode of rendered files: templates make configuration, never executables.</summary>
    private const int FileMode = 420;

    /// <summary>Stores the blobs and returns the manifest bytes, ready for <see cref="RevisionStore.Create"/>.</summary>
    public async Task<byte[]> BuildAsync(RenderedBundle bundle, CancellationToken cancellationToken)
    {
        var files = new List<BundleFile>(bundle.Files.Count);
        foreach (var file in bundle.Files)
        {
            var digest = await blobs.PutBytesAsync(file.Content, cancellationToken);
            files.Add(new BundleFile(file.Path, digest, file.Content.LongLength, FileMode));
        }

        var configBytes = BundleConfigSerializer.ToBytes(ReadConfig(bundle));
        var configDigest = await blobs.PutBytesAsync(configBytes, cancellationToken);
        var config = new OciDescriptor { MediaType = BundleManifest.ConfigMediaType, Digest = configDigest, Size = configBytes.Length };
        return BundleManifest.Create(files, config).ToBytes();
    }

    /// <summary>
    /// Health checks come from every rendered <c>outpost.bundle.yaml</c> at the top of the site bundle or at the top of
    /// a fleet bundle's root (<c>gateway/outpost.bundle.yaml</c>); commands run in the release directory, as for
    /// <c>outpost publish</c>, so they name files with their root (<c>test -s gateway/gateway.yaml</c>).
    /// </summary>
    public static BundleConfig ReadConfig(RenderedBundle bundle)
    {
        var definitions = bundle.Files.Where(f => IsDefinition(f.Path)).ToList();
        if (definitions.Count == 0)
        {
            return new BundleConfig();
        }

        var checks = new List<HealthCheck>();
        var temp = Path.Combine(Path.GetTempPath(), $"outpost-fleet-{Guid.NewGuid():N}.yaml");
        try
        {
            foreach (var file in definitions)
            {
                File.WriteAllBytes(temp, file.Content);
                try
                {
                    checks.AddRange(BundleDefinitionReader.Read(temp).HealthChecks);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"site '{bundle.SiteId}': rendered {e.Message.Replace(temp, file.Path, StringComparison.Ordinal)}", e);
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }

        var duplicate = checks.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new BundleConfig { HealthChecks = checks }
            : throw new InvalidDataException($"site '{bundle.SiteId}': health check name '{duplicate.Key}' is declared twice across {string.Join(", ", definitions.Select(d => d.Path))}");
    }

    private static bool IsDefinition(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? path : path[(slash + 1)..];
        return name == BundleDefinitionReader.FileName;
    }
}
