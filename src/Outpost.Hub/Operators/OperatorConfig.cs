using System.Text.Json;

namespace Outpost.Hub.Operators;

/// <summary>What an operator command needs to reach a hub: URL, the CA to trust, a credential (like a kubeconfig).</summary>
public sealed record OperatorConfig(string HubUrl, string CaCertificatePem, string Token, string Name)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static OperatorConfig Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<OperatorConfig>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty operator config");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid operator config ({e.Message})", e);
        }
    }
}
