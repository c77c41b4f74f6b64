using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Outpost.Agent.Session;
using Outpost.Protocol.Pki;
using Outpost.Protocol.Transport;

namespace Outpost.Agent.Identity;

/// <summary>Joins a site to a hub with a one-time token: makes a key and CSR here, gets a certificate back, pins the CA.</summary>
public static class AgentEnroller
{
    public static async Task<AgentIdentity> JoinAsync(string hubUrl, string tokenText, string dataDirectory, string? proxy, CancellationToken cancellationToken)
    {
        if (AgentIdentity.Exists(dataDirectory))
        {
            var existing = AgentIdentity.Load(dataDirectory);
            throw new JoinException($"{dataDirectory} already holds site '{existing.SiteId}' of {existing.HubUrl}; run it with 'outpost agent run --data-dir {dataDirectory}', or use another --data-dir");
        }

        if (!Uri.TryCreate(hubUrl, UriKind.Absolute, out var hub) || hub.Scheme != "https")
        {
            throw new JoinException($"'{hubUrl}' is not an https:// hub URL");
        }

        if (!JoinToken.TryParse(tokenText, out var token))
        {
            throw new JoinException("the token is malformed: it should look like OP1<64 hex digits>::<id>.<secret>, as 'outpost sites add' prints it");
        }

        ProxyAddress? named;
        try
        {
            named = proxy is null ? null : ProxyAddress.Parse(proxy, "--proxy");
        }
        catch (FormatException e)
        {
            throw new JoinException(e.Message);
        }

        var via = ProxyAddress.For(hub, named);
        using var ca = await DiscoverCaAsync(hub, token.CaPin, named, via, cancellationToken);
        var (key, csr) = CsrFactory.Create("outpost-agent");
        using (key)
        using (var client = new HttpClient(HubConnector.ForCa(ca, null, named)) { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(60) })
        {
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsJsonAsync("/v1/enroll", new EnrollRequest(token.Id, token.Secret, csr), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(hub, via, e);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new JoinException($"the hub at {hubUrl} did not answer within {client.Timeout.TotalSeconds:0} s");
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new JoinException($"the hub refused to enrol this site: {await ErrorText(response, cancellationToken)}");
                }

                var answer = await response.Content.ReadFromJsonAsync<EnrollResponse>(cancellationToken)
                    ?? throw new JoinException("the hub sent an empty enrolment answer");
                var identity = new AgentIdentity
                {
                    HubUrl = hub.ToString().TrimEnd('/'),
                    SiteId = answer.SiteId,
                    CaCertificatePem = ca.ExportCertificatePem(),
                    SigningPublicKeyPem = answer.SigningPublicKeyPem,
                    CertificatePem = answer.CertificatePem,
                    PrivateKeyPem = key.ExportPkcs8PrivateKeyPem(),
                    Proxy = proxy,
                };
                identity.Save(dataDirectory);
                return identity;
            }
        }
    }

    /// <summary>Downloads the hub's CA and accepts it only when it matches the token's pin.</summary>
    private static async Task<X509Certificate2> DiscoverCaAsync(Uri hub, string pin, ProxyAddress? named, ProxyAddress? via, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(HubConnector.ForDiscovery(named)) { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(30) };
        string pem;
        try
        {
            pem = await client.GetStringAsync("/v1/ca", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(hub, via, e);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JoinException($"the hub at {hub} did not answer within {client.Timeout.TotalSeconds:0} s");
        }

        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new JoinException($"{hub} did not send a CA certificate; is it an Outpost hub?");
        }

        if (!CaPin.Matches(ca, pin))
        {
            ca.Dispose();
            throw new JoinException($"the hub at {hub} has a CA that does not match the pin in the token (wrong hub, or something in between); nothing was sent to it");
        }

        return ca;
    }

    private static JoinException Unreachable(Uri hub, ProxyAddress? via, HttpRequestException e) => new(ConnectionFailure.Describe(e, hub, via));

    internal static async Task<string> ErrorText(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                return error.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return $"HTTP {(int)response.StatusCode} {body}".Trim();
    }
}
