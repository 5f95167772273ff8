using System.Security.Cryptography;

namespace PosSim.Core.Security;

/// <summary>The CBC chaining both MACs share: the last ciphertext block of whole blocks, without a buffer the size of the message.</summary>
internal static class CbcChain
{
    /// <summary>Bytes enciphered per call; a multiple of both block sizes, small enough for the stack.</summary>
    private const int Chunk = 256;

    /// <summary>
    /// Enciphers <paramref name="blocks"/> (whole blocks) in CBC mode starting from the IV in <paramref name="chain"/>,
    /// and leaves the last ciphertext block in <paramref name="chain"/>. Empty input leaves the IV.
    /// </summary>
    public static void Run(SymmetricAlgorithm cipher, ReadOnlySpan<byte> blocks, Span<byte> chain)
    {
        var size = chain.Length;
        Span<byte> output = stackalloc byte[Chunk];
        while (!blocks.IsEmpty)
        {
            var take = Math.Min(Chunk, blocks.Length);
            cipher.EncryptCbc(blocks[..take], chain, output[..take], PaddingMode.None);
            output.Slice(take - size, size).CopyTo(chain);
            blocks = blocks[take..];
        }

        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>x ^= y, block by block.</summary>
    public static void Xor(Span<byte> x, ReadOnlySpan<byte> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] ^= y[i];
        }
    }
}
