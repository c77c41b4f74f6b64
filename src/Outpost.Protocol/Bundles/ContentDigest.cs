using System.Security.Cryptography;

namespace Outpost.Protocol.Bundles;

/// <summary>OCI-style content digests ("sha256:&lt;hex&gt;").</summary>
public static class ContentDigest
{
    public const string Prefix = "sha256:";

    public static string Of(ReadOnlySpan<byte> content) => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> OfStreamAsync(Stream content, CancellationToken cancellationToken)
    {
        var hash = await SHA256.HashDataAsync(content, cancellationToken);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    /// <summary>True when the text is a well-formed sha256 digest; used to keep digests out of paths unchecked.</summary>
    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Prefix, StringComparison.Ordinal) &&
        digest.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") == false;

    /// <summary>The hex part, e.g. for a file name.</summary>
    public static string Hex(string digest) =>
        IsValid(digest) ? digest[Prefix.Length..] : throw new ArgumentException($"'{digest}' is not a sha256 digest.", nameof(digest));

    /// <summary>A short form for people: the first 12 hex digits.</summary>
    public static string Short(string digest) => IsValid(digest) ? digest.Substring(Prefix.Length, 12) : digest;
}
