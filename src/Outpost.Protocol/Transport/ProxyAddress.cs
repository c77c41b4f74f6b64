using System.Net;
using System.Text.RegularExpressions;

namespace Outpost.Protocol.Transport;

/// <summary>
/// An HTTP CONNECT proxy given as a URL (<c>http://[USER:PASSWORD@]HOST:PORT</c>): the credentials are taken out of the
/// address and kept apart, so the proxy can ask for them and no message ever shows the password.
/// </summary>
public sealed partial class ProxyAddress
{
    private ProxyAddress(Uri address, NetworkCredential? credentials)
    {
        Address = address;
        Credentials = credentials;
    }

    /// <summary>The proxy without user and password.</summary>
    public Uri Address { get; }

    /// <summary>The user and password from the URL, if it had them.</summary>
    public NetworkCredential? Credentials { get; }

    /// <summary>
    /// Parses a proxy URL; <paramref name="source"/> names where it came from (a flag, a file) for the error. User and
    /// password may be percent-encoded, as in curl's and HTTPS_PROXY's URLs.
    /// </summary>
    public static ProxyAddress Parse(string text, string source)
    {
        // HOST:PORT alone means an HTTP proxy, as for curl and HTTPS_PROXY.
        var url = text.Contains("://", StringComparison.Ordinal) ? text.Trim() : "http://" + text.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0)
        {
            throw new FormatException($"{source} '{Redact(text)}' is not an HTTP proxy URL like http://[USER:PASSWORD@]HOST:PORT");
        }

        return FromUri(uri);
    }

    private static ProxyAddress FromUri(Uri uri)
    {
        NetworkCredential? credentials = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            var password = colon < 0 ? "" : uri.UserInfo[(colon + 1)..];
            credentials = new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
        }

        return new ProxyAddress(new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri, credentials);
    }

    /// <summary>
    /// The proxy a connection to <paramref name="target"/> goes through: the one named, else what the environment says
    /// (HTTPS_PROXY, NO_PROXY) through <see cref="HttpClient.DefaultProxy"/>; null when it goes direct.
    /// </summary>
    public static ProxyAddress? For(Uri target, ProxyAddress? named)
    {
        if (named is not null)
        {
            return named;
        }

        var fromEnvironment = HttpClient.DefaultProxy.GetProxy(target);
        return fromEnvironment is null || fromEnvironment == target ? null : FromUri(fromEnvironment);
    }

    /// <summary>A proxy for an HTTP handler: the address, with the credentials offered when the proxy asks (HTTP 407).</summary>
    public WebProxy ToWebProxy() => new(Address) { Credentials = Credentials };

    /// <summary>The URL as it may be shown: the user, never the password.</summary>
    public override string ToString() =>
        Credentials is null ? Address.ToString().TrimEnd('/') : $"{Address.Scheme}://{Uri.EscapeDataString(Credentials.UserName)}:***@{Address.Authority}";

    /// <summary>Hides the password of any URL in <paramref name="text"/> (an exception's message may quote one).</summary>
    public static string Redact(string text) => UserInfoPassword().Replace(text, "${prefix}***@");

    [GeneratedRegex(@"(?<prefix>://[^/:@\s]*:)[^/@\s]*@")]
    private static partial Regex UserInfoPassword();
}
