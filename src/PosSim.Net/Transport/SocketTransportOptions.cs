using System.IO.Pipelines;

namespace PosSim.Net.Transport;

/// <summary>Tuning for <see cref="SocketTransport"/>. The defaults suit ISO 8583 traffic on loopback and LANs.</summary>
public sealed class SocketTransportOptions
{
    /// <summary>Pending connections the kernel queues before <c>accept</c>.</summary>
    public int ListenBacklog { get; set; } = 512;

    /// <summary>How long closing waits for written bytes to leave before dropping them.</summary>
    public TimeSpan SendDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long closing waits for the peer to close its side after ours. Closing a socket with unread
    /// input makes the kernel send a reset, which can destroy the last response before the peer reads it.
    /// </summary>
    public TimeSpan LingerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Buffering of received bytes. The pause threshold must exceed the largest frame, or a frame bigger than
    /// it could never be completed; 1 MiB is far above the 65,535-byte ceiling of a 2-byte length header.
    /// </summary>
    public PipeOptions InputPipeOptions { get; set; } = DefaultInput;

    /// <summary>Buffering of bytes waiting to be sent; the application's flush waits when the peer stops reading.</summary>
    public PipeOptions OutputPipeOptions { get; set; } = DefaultOutput;

    internal static PipeOptions DefaultInput { get; } = new(pool: Internal.PinnedBlockMemoryPool.Default, pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: Internal.PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false);

    internal static PipeOptions DefaultOutput { get; } = new(pool: Internal.PinnedBlockMemoryPool.Default, pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: Internal.PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false);
}
