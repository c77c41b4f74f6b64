using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Outpost.Protocol.Multiplexing;
using Outpost.Protocol.Tests.Support;
using Outpost.Protocol.Transport;

namespace Outpost.Protocol.Tests.Transport;

/// <summary>A multiplexer whose client side runs TLS over a <see cref="CoalescingSocketStream"/>, as agents and operators do.</summary>
public sealed class CoalescedSessionTests
{
    [Fact]
    public async Task Eight_MiB_each_way_arrive_intact_when_large_frames_are_gathered_under_TLS()
    {
        using var certificate = SelfSigned();
        var (clientSocket, acceptedSocket) = await LoopbackSockets.ConnectAsync();
        using var serverSocket = acceptedSocket;

        var transport = new CoalescingSocketStream(clientSocket);
        await using var clientTls = new SslStream(transport, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await using var serverTls = new SslStream(new NetworkStream(serverSocket, ownsSocket: false));
        await Task.WhenAll(
            clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }),
            serverTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate })).Within();

        using var clientWebSocket = WebSocket.CreateFromStream(clientTls, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        using var serverWebSocket = WebSocket.CreateFromStream(serverTls, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var accepted = new AcceptedChannels();
        await using var client = ChannelMultiplexer.Start(clientWebSocket, isClient: true, transport: transport);
        await using var server = ChannelMultiplexer.Start(serverWebSocket, isClient: false, accepted.OnOffer);

        var clientChannel = await client.OpenAsync("bulk").Within();
        var serverChannel = await accepted.NextAsync();
        var up = Data.Random(8 * 1024 * 1024);
        var down = Data.Random(8 * 1024 * 1024);
        var writes = Task.WhenAll(Data.WriteAllAsync(clientChannel.Output, up, chunk: 100_003), Data.WriteAllAsync(serverChannel.Output, down, chunk: 77_777));
        var upRead = Data.ReadAllAsync(serverChannel.Input);
        var downRead = Data.ReadAllAsync(clientChannel.Input);
        await Task.WhenAll(writes, upRead, downRead).Within();

        Assert.Equal(Data.Sha256(up), Data.Sha256(await upRead));
        Assert.Equal(Data.Sha256(down), Data.Sha256(await downRead));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Exported and loaded again so that the private key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
