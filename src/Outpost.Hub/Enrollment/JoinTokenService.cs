using System.Security.Cryptography;
using System.Text;
using Dapper;
using Outpost.Hub.Storage;
using Outpost.Protocol.Pki;

namespace Outpost.Hub.Enrollment;

/// <summary>Issues one-time, expiring join tokens and redeems each exactly once.</summary>
public sealed class JoinTokenService(HubDatabase database, TimeProvider time)
{
    public JoinToken Issue(string siteId, string caPin, TimeSpan lifetime)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow();
        using var connection = database.Open();
        connection.Execute(
            "INSERT INTO join_tokens (id, site_id, secret_hash, created_at, expires_at) VALUES (@id, @siteId, @hash, @now, @expires)",
            new { id, siteId, hash = Hash(secret), now = now.ToString("O"), expires = now.Add(lifetime).ToString("O") });
        return new JoinToken(caPin, id, secret);
    }

    /// <summary>Marks the token used and returns its site; the single UPDATE makes a second use fail even when racing.</summary>
    public string Redeem(string tokenId, string secret)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(string SiteId, string SecretHash, string ExpiresAt, string? UsedAt)>(
            "SELECT site_id, secret_hash, expires_at, used_at FROM join_tokens WHERE id = @tokenId", new { tokenId });
        if (row.SiteId is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretHash), Encoding.ASCII.GetBytes(Hash(secret))))
        {
            throw new HubException(401, "the join token is unknown");
        }

        if (row.UsedAt is not null)
        {
            throw new HubException(401, $"the join token was already used (at {row.UsedAt}); ask for a new one with 'outpost sites token {row.SiteId}'");
        }

        var now = time.GetUtcNow();
        if (DateTimeOffset.Parse(row.ExpiresAt, System.Globalization.CultureInfo.InvariantCulture) <= now)
        {
            throw new HubException(401, $"the join token expired at {row.ExpiresAt}; ask for a new one with 'outpost sites token {row.SiteId}'");
        }

        var used = connection.Execute("UPDATE join_tokens SET used_at = @now WHERE id = @tokenId AND used_at IS NULL", new { tokenId, now = now.ToString("O") });
        if (used != 1)
        {
            throw new HubException(401, "the join token was already used");
        }

        return row.SiteId;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
