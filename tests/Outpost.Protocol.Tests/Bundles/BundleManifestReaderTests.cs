using System.Text;
using System.Text.Json;
using Outpost.Protocol.Bundles;

namespace Outpost.Protocol.Tests.Bundles;

/// <summary>The hand-written manifest reader against System.Text.Json's source-generated one, on the same bytes.</summary>
public sealed class BundleManifestReaderTests
{
    private static readonly OciDescriptor Config = new() { MediaType = BundleManifest.ConfigMediaType, Digest = ContentDigest.Of("config"u8), Size = 6 };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(64, 3)]
    [InlineData(500, 4)]
    public void Reads_what_the_serializer_reads_from_generated_manifests(int files, int seed)
    {
        var random = new Random(seed);
        var bundle = Enumerable.Range(0, files).Select(i => new BundleFile(
            $"dir{random.Next(5)}/ü-{i} \"q\" <{(char)('a' + random.Next(26))}>.yaml",
            ContentDigest.Of(BitConverter.GetBytes(random.Next())),
            random.Next(0, 1 << 20),
            random.Next(2) == 0 ? 420 : 493));
        var bytes = BundleManifest.Create(bundle, Config).ToBytes();

        AssertSame(bytes);
        Assert.Equal(bytes, BundleManifest.Parse(bytes).ToBytes());
    }

    [Theory]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":7,"mediaType":null,"artifactType":"a","config":{"mediaType":"m","digest":"d","size":1,"annotations":null},"layers":[],"extra":[1,{"a":[null,true]}],"more":"x"}""")]
    [InlineData("""{"\u0063onfig":{"mediaType":"m","digest":"d","size":9007199254740993,"x":{"y":1}},"layers":[{"mediaType":"l","digest":"e","size":0,"annotations":{"k":"v","\u00e9":"\"x\""}}]}""")]
    [InlineData("""  { "layers" : [ ] , "config" : { "size" : 1 , "digest" : "d" , "mediaType" : "m" } }  """)]
    public void Reads_what_the_serializer_reads_at_the_edges(string json) => AssertSame(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1}}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d"},"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":"m","size":1},"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":"1"},"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1.5},"layers":[]}""")]
    [InlineData("""{"schemaVersion":"2","config":{"mediaType":"m","digest":"d","size":1},"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":1,"digest":"d","size":1},"layers":[]}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1},"layers":{}}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1},"layers":[]} {}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1},"layers":[],}""")]
    [InlineData("""{"config":{"mediaType":"m","digest":"d","size":1},"layers":[]""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void Refuses_what_the_serializer_refuses(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, BundleJsonContext.Default.BundleManifest));
        Assert.ThrowsAny<JsonException>(() => BundleManifestReader.Read(bytes));
    }

    [Fact]
    public void The_literal_null_is_no_manifest_for_both()
    {
        Assert.Null(JsonSerializer.Deserialize("null"u8, BundleJsonContext.Default.BundleManifest));
        Assert.Null(BundleManifestReader.Read("null"u8));
    }

    [Fact]
    public void A_null_config_is_refused_though_the_serializer_takes_it()
    {
        var error = Assert.Throws<JsonException>(() => BundleManifestReader.Read("""{"config":null,"layers":[]}"""u8));
        Assert.Contains("$.config", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(byte[] bytes)
    {
        var expected = JsonSerializer.Deserialize(bytes, BundleJsonContext.Default.BundleManifest)!;
        var actual = BundleManifestReader.Read(bytes)!;
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.MediaType, actual.MediaType);
        Assert.Equal(expected.ArtifactType, actual.ArtifactType);
        AssertSame(expected.Config, actual.Config);
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        for (var i = 0; i < expected.Layers.Count; i++)
        {
            AssertSame(expected.Layers[i], actual.Layers[i]);
        }
    }

    private static void AssertSame(OciDescriptor expected, OciDescriptor actual)
    {
        Assert.Equal(expected.MediaType, actual.MediaType);
        Assert.Equal(expected.Digest, actual.Digest);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.Annotations?.ToList(), actual.Annotations?.ToList());
    }
}
