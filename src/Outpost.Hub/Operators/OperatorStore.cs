using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Outpost.Hub.Storage;

namespace Outpost.Hub.Operators;

/// <summary>Operator credentials (bearer tokens, stored hashed), their roles and, for scoped roles, the sites they cover.</summary>
public sealed class OperatorStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Scopes live in their own table (created with the tunnel feature's schema) so the core schema stays as it was.</summary>
    public const string ScopeSchema = """
        CREATE TABLE IF NOT EXISTS operator_sites (
            name TEXT PRIMARY KEY REFERENCES operators(name),
            selector TEXT NOT NULL
        );
        """;

    public bool Any()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM operators") > 0;
    }

    /// <summary>Creates an operator and returns its token; only the hash is kept.</summary>
    public string Create(string name, string role, string? sites = null)
    {
        var token = NewToken();
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("INSERT INTO operators (name, token_hash, role, created_at) VALUES (@name, @hash, @role, @now)",
            new { name, hash = Hash(token), role, now = time.GetUtcNow().ToString("O") }, tx);
        if (sites is not null)
        {
            connection.Execute("INSERT INTO operator_sites (name, selector) VALUES (@name, @sites)", new { name, sites }, tx);
        }

        tx.Commit();
        return token;
    }

    /// <summary>
    /// Removes an operator, whose token is refused from then on. The last admin stays: without one, nobody could add
    /// operators or change the fleet again.
    /// </summary>
    public OperatorUpdate Remove(string name)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (Guard(connection, tx, name, newRole: null) is { } refused)
        {
            return refused;
        }

        connection.Execute("DELETE FROM operator_sites WHERE name = @name", new { name }, tx);
        connection.Execute("DELETE FROM operators WHERE name = @name", new { name }, tx);
        tx.Commit();
        return OperatorUpdate.Done;
    }

    /// <summary>Gives an operator another role and site selector (null for roles without one); its token stays valid.</summary>
    public OperatorUpdate Change(string name, string role, string? sites)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (Guard(connection, tx, name, role) is { } refused)
        {
            return refused;
        }

        connection.Execute("UPDATE operators SET role = @role WHERE name = @name", new { name, role }, tx);
        connection.Execute("DELETE FROM operator_sites WHERE name = @name", new { name }, tx);
        if (sites is not null)
        {
            connection.Execute("INSERT INTO operator_sites (name, selector) VALUES (@name, @sites)", new { name, sites }, tx);
        }

        tx.Commit();
        return OperatorUpdate.Done;
    }

    /// <summary>Why the operator cannot lose its current role (removed, or given <paramref name="newRole"/>); null if it can.</summary>
    private static OperatorUpdate? Guard(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, string name, string? newRole)
    {
        var role = connection.ExecuteScalar<string?>("SELECT role FROM operators WHERE name = @name", new { name }, tx);
        if (role is null)
        {
            return OperatorUpdate.NotFound;
        }

        var losesAdmin = role == OperatorRoles.Admin && newRole != OperatorRoles.Admin;
        return losesAdmin && connection.ExecuteScalar<long>("SELECT COUNT(*) FROM operators WHERE role = @role", new { role }, tx) == 1
            ? OperatorUpdate.LastAdmin
            : null;
    }

    /// <summary>Gives an operator a new token and refuses the old one from then on; null when there is no such operator.</summary>
    public string? Rotate(string name)
    {
        var token = NewToken();
        using var connection = database.Open();
        return connection.Execute("UPDATE operators SET token_hash = @hash WHERE name = @name", new { name, hash = Hash(token) }) > 0 ? token : null;
    }

    public bool Exists(string name)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM operators WHERE name = @name", new { name }) > 0;
    }

    /// <summary>The operator holding a valid token, else null.</summary>
    public OperatorRecord? Identify(string token)
    {
        using var connection = database.Open();
        return connection.Query<(string Name, string Role, string? Sites, string CreatedAt)>(
            "SELECT o.name, o.role, s.selector, o.created_at FROM operators o LEFT JOIN operator_sites s ON s.name = o.name WHERE o.token_hash = @hash",
            new { hash = Hash(token) }).Select(ToRecord).FirstOrDefault();
    }

    public IReadOnlyList<OperatorRecord> List()
    {
        using var connection = database.Open();
        return connection.Query<(string Name, string Role, string? Sites, string CreatedAt)>(
            "SELECT o.name, o.role, s.selector, o.created_at FROM operators o LEFT JOIN operator_sites s ON s.name = o.name ORDER BY o.name")
            .Select(ToRecord).ToList();
    }

    private static OperatorRecord ToRecord((string Name, string Role, string? Sites, string CreatedAt) row) =>
        new(row.Name, row.Role, row.Sites, DateTimeOffset.Parse(row.CreatedAt, CultureInfo.InvariantCulture));

    private static string NewToken() => "opt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
