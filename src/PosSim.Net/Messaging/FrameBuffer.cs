using System.Buffers;
using PosSim.Net.Internal;

namespace PosSim.Net.Messaging;

/// <summary>
/// One encoded frame waiting for the connection's writer loop. Encoding happens in the responder's own context,
/// so its message can be reused the moment it is queued; buffers are pooled.
/// </summary>
internal sealed class FrameBuffer : IBufferWriter<byte>
{
    private static readonly ObjectPool<FrameBuffer> Pool = new(() => new FrameBuffer(), 4096);

    private byte[] _buffer = new byte[512];
    private int _written;

    /// <summary>Whether the server's in-flight slot is released once this frame has been written (or dropped).</summary>
    public bool ReleasesSlot { get; set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The written bytes as memory, for writers that send a frame in pieces across awaits (the fault proxy).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public static FrameBuffer Rent() => Pool.Rent();

    public static void Return(FrameBuffer buffer)
    {
        buffer._written = 0;
        buffer.ReleasesSlot = false;
        if (buffer._buffer.Length <= 64 * 1024)
        {
            Pool.Return(buffer);
        }
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written < needed)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _written + needed));
        }
    }
}
