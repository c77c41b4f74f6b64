using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Outpost.Fleet;

/// <summary>A site's complete configuration bundle: files ordered by path, a hash of the whole content and a hash of its inputs.</summary>
public sealed class RenderedBundle
{
    public RenderedBundle(string siteId, IReadOnlyList<RenderedBundlePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        SiteId = siteId;
        Parts = parts.OrderBy(p => p.BundleName, StringComparer.Ordinal).ToList();
        Files = Parts.SelectMany(p => p.Files).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        ContentHash = ComputeContentHash(Files);
        InputHash = ComputeInputHash(Parts);
    }

    public string SiteId { get; }

    public IReadOnlyList<RenderedBundlePart> Parts { get; }

    /// <summary>All files of all bundles, ordered by path (ordinal).</summary>
    public IReadOnlyList<RenderedFile> Files { get; }

    /// <summary>Lowercase hex SHA-256 over, for each file in order: UTF-8 path, a zero byte, the 8-byte little-endian length, the bytes.</summary>
    public string ContentHash { get; }

    /// <summary>Hash of everything the bundle was rendered from; equal input hashes mean the render can be reused.</summary>
    public string InputHash { get; }

    public RenderedFile? this[string path] => Files.FirstOrDefault(f => f.Path == path);

    public static string ComputeContentHash(IEnumerable<RenderedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData([0]);
            BinaryPrimitives.WriteInt64LittleEndian(length, file.Content.LongLength);
            hash.AppendData(length);
            hash.AppendData(file.Content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string ComputeInputHash(IEnumerable<RenderedBundlePart> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part.BundleName + "\0" + part.InputHash + "\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
