using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Outpost.Agent.Identity;

/// <summary>What enrolment leaves in the data dir: hub URL, site id, key, certificate, the pinned CA and signing key.</summary>
public sealed class AgentIdentity
{
    private const string FileName = "identity.json";

    public required string HubUrl { get; init; }
    public required string SiteId { get; init; }
    public required string CaCertificatePem { get; init; }
    public required string SigningPublicKeyPem { get; init; }
    public required string CertificatePem { get; set; }
    public required string PrivateKeyPem { get; set; }

    /// <summary>The proxy given at join, used by later runs unless they name another.</summary>
    public string? Proxy { get; init; }

    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    public static AgentIdentity Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{dataDirectory} has no agent identity; join first with 'outpost agent join HUB_URL --token TOKEN --data-dir {dataDirectory}'.");
        }

        return JsonSerializer.Deserialize<AgentIdentity>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>Writes atomically (temp file + rename), owner-only, so a crash never leaves half an identity.</summary>
    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    public X509Certificate2 CaCertificate() => X509Certificate2.CreateFromPem(CaCertificatePem);

    public X509Certificate2 ClientCertificate() => X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);

    public ECDsa SigningPublicKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(SigningPublicKeyPem);
        return key;
    }
}
