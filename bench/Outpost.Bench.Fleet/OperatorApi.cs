using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Outpost.Hub.Api;
using Outpost.Hub.Operators;
using Outpost.Protocol.Bundles;
using Outpost.Protocol.Pki;

namespace Outpost.Bench.Fleet;

/// <summary>The operator HTTP API as the CLI uses it (the CLI's own client is internal): sites, blobs, revisions, publish.</summary>
internal sealed class OperatorApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public OperatorApi(OperatorConfig config)
    {
        Ca = X509Certificate2.CreateFromPem(config.CaCertificatePem);
        var ca = Ca;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0 &&
                    ChainBuilder.IsIssuedBy(new X509Certificate2(certificate), ca),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(config.HubUrl), Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
    }

    /// <summary>The fleet CA, which simulated agents trust too.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>Adds the site, or issues a fresh token when it exists from an earlier, interrupted run.</summary>
    public async Task<string> JoinTokenAsync(string siteId, CancellationToken ct)
    {
        using var added = await _http.PostAsJsonAsync("/v1/sites", new AddSiteRequest(siteId, "bench", new() { ["fleet"] = "bench" }, null), Json, ct);
        if (added.StatusCode == HttpStatusCode.Conflict)
        {
            using var again = await _http.PostAsync($"/v1/sites/{siteId}/token", null, ct);
            return (await ReadAsync<JoinTokenResponse>(again, ct)).Token;
        }

        return (await ReadAsync<JoinTokenResponse>(added, ct)).Token;
    }

    /// <summary>Uploads the blobs the hub lacks and creates the signed revision; returns its digest and the bytes uploaded.</summary>
    public async Task<(string Revision, long Uploaded)> CreateRevisionAsync(BuiltBundle bundle, CancellationToken ct)
    {
        var all = bundle.Manifest.BlobDigests();
        using var missingResponse = await _http.PostAsJsonAsync("/v1/blobs/missing", new BlobList(all), Json, ct);
        var missing = await ReadAsync<BlobList>(missingResponse, ct);
        long uploaded = 0;
        foreach (var digest in missing.Digests)
        {
            await using var content = bundle.OpenBlob(digest);
            uploaded += content.Length;
            using var put = await _http.PutAsync($"/v1/blobs/{digest}", new StreamContent(content), ct);
            await EnsureAsync(put, ct);
        }

        using var created = await _http.PostAsync("/v1/revisions", new ByteArrayContent(bundle.ManifestBytes), ct);
        return ((await ReadAsync<RevisionCreated>(created, ct)).Revision, uploaded);
    }

    public async Task PublishAsync(string revision, IReadOnlyList<string> sites, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/v1/publish", new PublishRequest(revision, sites, null), Json, ct);
        await EnsureAsync(response, ct);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new InvalidDataException($"empty answer from {response.RequestMessage?.RequestUri}");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Ca.Dispose();
    }
}
