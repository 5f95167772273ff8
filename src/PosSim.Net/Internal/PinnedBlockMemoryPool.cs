using System.Buffers;
using System.Collections.Concurrent;

namespace PosSim.Net.Internal;

/// <summary>
/// Fixed 4 KiB blocks for connection pipes, kept for reuse (as Kestrel's PinnedBlockMemoryPool does).
/// <see cref="MemoryPool{T}.Shared"/> wraps each rent in a new owner object and falls back to allocating
/// when its per-core stacks run dry, which with hundreds of mostly idle connections is every other
/// message: each pipe gives its block back whenever it drains.
/// </summary>
internal sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _blocks = new();
    private readonly int _maxRetained;
    private int _retained;

    public PinnedBlockMemoryPool(int maxRetained = 16384) => _maxRetained = maxRetained;

    public static PinnedBlockMemoryPool Default { get; } = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            // Pipes ask for at most their segment size; a bigger request gets a one-off array.
            return new Block(null, minBufferSize);
        }

        if (_blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }

        return new Block(this, BlockSize);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= _maxRetained)
        {
            _blocks.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    private sealed class Block(PinnedBlockMemoryPool? pool, int size) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(size, pinned: pool is not null);

        public Memory<byte> Memory => _array;

        public void Dispose() => pool?.Return(this);
    }
}
