using System.Diagnostics.CodeAnalysis;

namespace Outpost.Protocol.Pki;

/// <summary>A join token: "OP1" + CA pin + "::" + token id + "." + secret, so one string both authorises and pins.</summary>
public sealed record JoinToken(string CaPin, string Id, string Secret)
{
    public const string Prefix = "OP1";

    public override string ToString() => $"{Prefix}{CaPin}::{Id}.{Secret}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out JoinToken? token)
    {
        token = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var sep = text.IndexOf("::", StringComparison.Ordinal);
        if (sep != Prefix.Length + 64)
        {
            return false;
        }

        var pin = text[Prefix.Length..sep];
        var rest = text[(sep + 2)..].Split('.');
        if (rest.Length != 2 || rest[0].Length == 0 || rest[1].Length < 16 || pin.Any(c => !Uri.IsHexDigit(c)))
        {
            return false;
        }

        token = new JoinToken(pin.ToLowerInvariant(), rest[0], rest[1]);
        return true;
    }
}
