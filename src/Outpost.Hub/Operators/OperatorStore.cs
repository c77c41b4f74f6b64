using System.Security.Cryptography;
using System.Text;
using Dapper;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Operators;

/// <summary>Operator credentials (bearer tokens, stored hashed) and their roles.</summary>
public sealed class OperatorStore(HubDatabase database, TimeProvider time)
{
    public bool Any()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM operators") > 0;
    }

    /// <summary>Creates an operator and returns its token; only the hash is kept.</summary>
    public string Create(string name, string role)
    {
        var token = "opt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using var connection = database.Open();
        connection.Execute("INSERT INTO operators (name, token_hash, role, created_at) VALUES (@name, @hash, @role, @now)",
            new { name, hash = Hash(token), role, now = time.GetUtcNow().ToString("O") });
        return token;
    }

    /// <summary>The operator's name for a valid token, else null.</summary>
    public string? Authenticate(string token)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<string>("SELECT name FROM operators WHERE token_hash = @hash", new { hash = Hash(token) });
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
