using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Outpost.Protocol.Pki;

namespace Outpost.Protocol.Transport;

/// <summary>
/// Says in one sentence why a connection to the hub failed, and whose fault it looks like: the hub, the network, or the
/// proxy in between (named, never with its password). "Unable to connect to the remote server" helps nobody in a lab.
/// </summary>
public static class ConnectionFailure
{
    /// <summary>Describes <paramref name="error"/> (as thrown by an HTTP or websocket connect) for <paramref name="hub"/> reached through <paramref name="proxy"/>.</summary>
    public static string Describe(Exception error, Uri hub, ProxyAddress? proxy)
    {
        var target = $"{hub.Host}:{hub.Port}";
        var shown = hub.GetLeftPart(UriPartial.Authority);
        if (Find<HubCertificateException>(error) is { } refused)
        {
            return $"cannot trust the hub at {shown}: {refused.Message}";
        }

        if (Find<AuthenticationException>(error) is { } handshake)
        {
            return ProxyAddress.Redact($"the TLS handshake with the hub at {shown} failed: {handshake.Message}");
        }

        var http = Find<HttpRequestException>(error);
        if (http is not null && proxy is not null)
        {
            switch (http.HttpRequestError)
            {
                case HttpRequestError.ProxyTunnelError:
                    return $"cannot reach the hub at {shown}: {ProxyRefusal(proxy, target, http.StatusCode)}";
                case HttpRequestError.NameResolutionError:
                    return $"cannot reach the hub at {shown}: the proxy's name '{proxy.Address.Host}' does not resolve (the proxy URL is {proxy})";
                case HttpRequestError.ConnectionError when Find<SocketException>(http) is { } socket:
                    return $"cannot reach the hub at {shown}: no proxy answers at {proxy} ({Lower(socket.Message)})";
            }
        }

        if (http is not null)
        {
            switch (http.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                    return $"no hub answers at {shown}: the name '{hub.Host}' does not resolve";
                case HttpRequestError.ConnectionError when Find<SocketException>(http) is { } socket:
                    return $"no hub answers at {shown}: {Lower(socket.Message)} ({target})";
            }
        }

        // Whatever else: the innermost message says most; a URL in it keeps its user but loses its password.
        var innermost = error.GetBaseException();

        var via = proxy is null ? "" : $" (through the proxy {proxy})";
        return ProxyAddress.Redact(innermost == error
            ? $"cannot reach the hub at {shown}{via}: {error.Message}"
            : $"cannot reach the hub at {shown}{via}: {error.Message.TrimEnd('.', ' ')}: {innermost.Message}");
    }

    private static string ProxyRefusal(ProxyAddress proxy, string target, HttpStatusCode? status) => status switch
    {
        HttpStatusCode.ProxyAuthenticationRequired when proxy.Credentials is null =>
            $"the proxy {proxy} asks for a user and password (HTTP 407); give them in the proxy URL, http://USER:PASSWORD@{proxy.Address.Authority} (percent-encode special characters)",
        HttpStatusCode.ProxyAuthenticationRequired =>
            $"the proxy {proxy} does not accept the user and password in the proxy URL (HTTP 407)",
        HttpStatusCode.Forbidden =>
            $"the proxy {proxy} refuses tunnels to {target} (HTTP 403); its administrators must allow CONNECT to that host and port",
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
            $"the proxy {proxy} could not reach {target} (HTTP {(int)status}): the hub is down, or the proxy cannot reach it",
        null => $"the proxy {proxy} refused to open a tunnel to {target}",
        _ => $"the proxy {proxy} refused to open a tunnel to {target} (HTTP {(int)status})",
    };

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Lower(string message) => message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1])
        ? char.ToLowerInvariant(message[0]) + message[1..]
        : message;
}
