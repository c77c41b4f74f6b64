using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Outpost.Hub.Transport;

/// <summary>
/// Kestrel's buffers in 32 KiB blocks instead of its default 4 KiB: a busy stream (a tunnel, a blob fan-out) is read from
/// the socket and through TLS with an eighth of the calls. Idle connections hold no block at all (Kestrel waits for data
/// with a zero-byte read before it asks for one), so ten thousand idle sessions cost nothing more.
/// Blocks are kept for reuse (the shared array pool keeps only a few per core, so a fan-out to thousands of sessions
/// would allocate, zero and collect a block per read); <see cref="Trim"/> lets go of those a whole interval did not need.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 32 * 1024;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;
    private int _lowWater;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting for reuse.</summary>
    public int FreeBlocks => Volatile.Read(ref _freeCount);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"blocks are {BlockSize} bytes");
        }

        if (!_free.TryDequeue(out var block))
        {
            // Pinned, as Kestrel's own blocks are: sockets read into them without pinning each time.
            block = new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
        }
        else
        {
            var left = Interlocked.Decrement(ref _freeCount);
            int seen;
            while ((seen = Volatile.Read(ref _lowWater)) > left && Interlocked.CompareExchange(ref _lowWater, left, seen) != seen)
            {
            }
        }

        block.Rented();
        return block;
    }

    /// <summary>Releases the blocks that stayed unused since the last trim; returns how many.</summary>
    public int Trim()
    {
        var unused = Interlocked.Exchange(ref _lowWater, int.MaxValue);
        var released = 0;
        while (released < unused && _free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _freeCount);
            released++;
        }

        // The next interval starts from what is left.
        Interlocked.CompareExchange(ref _lowWater, Volatile.Read(ref _freeCount), int.MaxValue);
        return released;
    }

    private void Return(Block block)
    {
        _free.Enqueue(block);
        Interlocked.Increment(ref _freeCount);
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private int _rented;

        public Memory<byte> Memory => Volatile.Read(ref _rented) == 1 ? array : throw new ObjectDisposedException(nameof(Block));

        public void Rented() => Volatile.Write(ref _rented, 1);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _rented, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }

    /// <summary>Hands Kestrel this pool (it asks the service provider for an <see cref="IMemoryPoolFactory{T}"/>) and trims what it made.</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        private readonly List<LargeBlockMemoryPool> _pools = [];

        public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
        {
            var pool = new LargeBlockMemoryPool();
            lock (_pools)
            {
                _pools.Add(pool);
            }

            return pool;
        }

        /// <summary>Trims every pool made so far; returns the blocks released.</summary>
        public int Trim()
        {
            lock (_pools)
            {
                return _pools.Sum(p => p.Trim());
            }
        }
    }
}
