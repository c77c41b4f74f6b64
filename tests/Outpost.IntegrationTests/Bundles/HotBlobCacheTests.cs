using Outpost.Hub.Bundles;

namespace Outpost.IntegrationTests.Bundles;

/// <summary>The in-memory cache of small blobs stays within its budget and never holds big blobs.</summary>
public sealed class HotBlobCacheTests
{
    [Fact]
    public void Keeps_small_blobs_and_refuses_big_ones()
    {
        var cache = new HotBlobCache();
        cache.Add("sha256:small", new byte[1024]);
        cache.Add("sha256:big", new byte[HotBlobCache.MaxBlobBytes + 1]);

        Assert.True(cache.TryGet("sha256:small", out var small));
        Assert.Equal(1024, small.Length);
        Assert.False(cache.TryGet("sha256:big", out _));
    }

    [Fact]
    public void Starts_over_when_the_budget_is_spent()
    {
        var cache = new HotBlobCache(budgetBytes: 3000);
        cache.Add("sha256:a", new byte[1000]);
        cache.Add("sha256:b", new byte[1000]);
        cache.Add("sha256:c", new byte[1500]);

        Assert.False(cache.TryGet("sha256:a", out _));
        Assert.False(cache.TryGet("sha256:b", out _));
        Assert.True(cache.TryGet("sha256:c", out _));
    }
}
