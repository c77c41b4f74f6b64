using Outpost.Hub.Transport;

namespace Outpost.IntegrationTests.Transport;

public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_handed_out_again_instead_of_a_new_one()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        var array = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.True(second.Memory.Span == array.Span, "the same block is reused");
        Assert.Equal(LargeBlockMemoryPool.BlockSize, second.Memory.Length);
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void Disposing_a_block_twice_returns_it_once_and_a_disposed_block_has_no_memory()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        Assert.Equal(1, pool.FreeBlocks);
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void A_trim_lets_go_of_the_blocks_the_whole_interval_did_not_need()
    {
        using var pool = new LargeBlockMemoryPool();
        var burst = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        burst.ForEach(b => b.Dispose());
        Assert.Equal(10, pool.FreeBlocks);
        pool.Trim(); // ends the interval of the burst itself

        // Three blocks at most are in use at once during the next interval: seven sat unused all along.
        for (var i = 0; i < 5; i++)
        {
            var busy = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
            busy.ForEach(b => b.Dispose());
        }

        Assert.Equal(7, pool.Trim());
        Assert.Equal(3, pool.FreeBlocks);
        Assert.Equal(3, pool.Trim());
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void Asking_for_more_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }
}
