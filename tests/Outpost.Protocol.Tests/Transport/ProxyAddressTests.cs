using Outpost.Protocol.Transport;

namespace Outpost.Protocol.Tests.Transport;

public sealed class ProxyAddressTests
{
    [Fact]
    public void Credentials_come_out_of_the_url_decoded_and_the_address_keeps_neither()
    {
        var proxy = ProxyAddress.Parse("http://lab%5Csvc:p%40ss%3Aw0rd@proxy.hospital.example:3128", "--proxy");

        Assert.Equal(new Uri("http://proxy.hospital.example:3128/"), proxy.Address);
        Assert.Equal(@"lab\svc", proxy.Credentials!.UserName);
        Assert.Equal("p@ss:w0rd", proxy.Credentials.Password);
        Assert.Equal("http://lab%5Csvc:***@proxy.hospital.example:3128", proxy.ToString());
        Assert.Equal(new Uri("http://proxy.hospital.example:3128/"), proxy.ToWebProxy().Address);
        Assert.Same(proxy.Credentials, proxy.ToWebProxy().Credentials);
    }

    [Fact]
    public void Host_and_port_alone_mean_an_http_proxy()
    {
        Assert.Equal(new Uri("http://proxy.hospital.example:3128/"), ProxyAddress.Parse("proxy.hospital.example:3128", "--proxy").Address);
    }

    [Fact]
    public void A_url_without_credentials_has_none_and_shows_as_given()
    {
        var proxy = ProxyAddress.Parse("http://10.1.2.3:8080/", "--proxy");

        Assert.Null(proxy.Credentials);
        Assert.Equal("http://10.1.2.3:8080", proxy.ToString());
    }

    [Theory]
    [InlineData("socks5://10.1.2.3:1080")]
    [InlineData("https://proxy:3128")]
    [InlineData("ftp://proxy:21")]
    [InlineData("http://:3128")]
    [InlineData("http://proxy:3128/some/path")]
    [InlineData("http://proxy:3128/?x=1")]
    public void Anything_but_an_http_proxy_url_is_refused_naming_where_it_came_from(string text)
    {
        var error = Assert.Throws<FormatException>(() => ProxyAddress.Parse(text, "--proxy"));

        Assert.StartsWith("--proxy '", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("' is not an HTTP proxy URL like http://[USER:PASSWORD@]HOST:PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_hides_every_password_in_a_message_and_keeps_the_rest()
    {
        var message = "The proxy tunnel request to proxy 'http://lab:s3cret@127.0.0.1:18888/' failed; also https://u:p%40ss@h:1/x and http://plain:3128/.";

        Assert.Equal("The proxy tunnel request to proxy 'http://lab:***@127.0.0.1:18888/' failed; also https://u:***@h:1/x and http://plain:3128/.", ProxyAddress.Redact(message));
    }

    [Fact]
    public void The_named_proxy_wins_over_the_environment()
    {
        var named = ProxyAddress.Parse("http://named:3128", "--proxy");

        Assert.Same(named, ProxyAddress.For(new Uri("https://hub.example:8443"), named));
    }
}
