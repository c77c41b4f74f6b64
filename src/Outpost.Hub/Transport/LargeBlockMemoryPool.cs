using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Outpost.Hub.Transport;

/// <summary>
/// Kestrel's buffers in 32 KiB blocks instead of its default 4 KiB: a busy stream (a tunnel, a blob fan-out) is read from
/// the socket and through TLS with an eighth of the calls. Idle connections hold no block at all (Kestrel waits for data
/// with a zero-byte read before it asks for one), so ten thousand idle sessions cost nothing more.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 32 * 1024;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block(ArrayPool<byte>.Shared.Rent(Math.Max(minBufferSize, BlockSize)));

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            var array = Interlocked.Exchange(ref _array, null);
            if (array is not null)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }

    /// <summary>Hands Kestrel this pool (it asks the service provider for an <see cref="IMemoryPoolFactory{T}"/>).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }
}
