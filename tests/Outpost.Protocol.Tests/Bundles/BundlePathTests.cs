using Outpost.Protocol.Bundles;

namespace Outpost.Protocol.Tests.Bundles;

public sealed class BundlePathTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("..")]
    [InlineData("a/../../b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("a/.")]
    [InlineData("a/")]
    public void A_path_that_could_leave_the_bundle_root_is_refused(string path)
    {
        var error = Assert.Throws<InvalidDataException>(() => BundlePath.Check(path));
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("conf/analyser.yaml")]
    [InlineData("a/.hidden")]
    [InlineData("a/..b/c")]
    [InlineData("...")]
    public void A_relative_path_below_the_root_passes(string path) => Assert.Null(Record.Exception(() => BundlePath.Check(path)));
}
