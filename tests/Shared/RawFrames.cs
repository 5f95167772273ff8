using System.Buffers.Binary;
using System.Net.Sockets;

namespace PosSim.Tests.Shared;

/// <summary>
/// Frames with a 2-byte big-endian length header (binary2, the framing `possim serve` uses by default) as raw
/// bytes on a socket, for tests that must put bytes on the wire that no client would send.
/// </summary>
internal static class RawFrames
{
    /// <summary><paramref name="payload"/> behind its 2-byte length.</summary>
    public static byte[] Binary2(ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[payload.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)payload.Length));
        payload.CopyTo(bytes.AsSpan(2));
        return bytes;
    }

    /// <summary>Reads exactly one binary2 frame and returns what follows its length header.</summary>
    public static async Task<byte[]> ReadBinary2Async(Socket socket, CancellationToken ct)
    {
        var prefix = await ReadExactlyAsync(socket, 2, ct);
        return await ReadExactlyAsync(socket, BinaryPrimitives.ReadUInt16BigEndian(prefix), ct);
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken ct)
    {
        var bytes = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(bytes.AsMemory(read), SocketFlags.None, ct);
            Assert.True(n > 0, "the peer closed the connection before a whole frame arrived");
            read += n;
        }

        return bytes;
    }
}
