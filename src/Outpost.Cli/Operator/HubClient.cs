using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Outpost.Hub.Api;
using Outpost.Hub.Operators;
using Outpost.Protocol.Transport;

namespace Outpost.Cli.Operator;

/// <summary>The operator's HTTP client for the hub API: trusts only the fleet CA from the operator config.</summary>
internal sealed class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2 _ca;

    public HubClient(OperatorConfig config)
    {
        _ca = X509Certificate2.CreateFromPem(config.CaCertificatePem);
        _http = new HttpClient(HubHandler.Create(_ca)) { BaseAddress = new Uri(config.HubUrl), Timeout = TimeSpan.FromMinutes(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        HubUrl = config.HubUrl;
    }

    public string HubUrl { get; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken ct) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, ct);

    public Task<T> PutAsync<T>(string path, object body, CancellationToken ct) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, ct);

    public Task<T> DeleteAsync<T>(string path, CancellationToken ct) => SendAsync<T>(new HttpRequestMessage(HttpMethod.Delete, path), ct);

    public Task<T> PostBytesAsync<T>(string path, byte[] body, CancellationToken ct) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) }, ct);

    public async Task PutStreamAsync(string path, Stream body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StreamContent(body) };
        using var response = await SendRawAsync(request, ct);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        using (var response = await SendRawAsync(request, ct))
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new CliException($"the hub sent an empty answer to {request.RequestUri}");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or AuthenticationException
            || e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError)
        {
            var hub = new Uri(HubUrl);
            throw new CliException(ConnectionFailure.Describe(e, hub, ProxyAddress.For(hub, null)));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            string message;
            try
            {
                message = JsonSerializer.Deserialize<ErrorResponse>(body, Json)?.Error ?? body;
            }
            catch (JsonException)
            {
                message = body;
            }

            throw new CliException(string.IsNullOrWhiteSpace(message) ? $"the hub answered HTTP {(int)response.StatusCode}" : message);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca.Dispose();
    }
}
