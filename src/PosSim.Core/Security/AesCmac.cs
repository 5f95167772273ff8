using System.Security.Cryptography;

namespace PosSim.Core.Security;

/// <summary>
/// AES-CMAC (RFC 4493; NIST SP 800-38B with AES): the MAC of AES-keyed terminals (ANSI X9.24-1:2017 era). Unlike a
/// plain CBC-MAC it is safe for messages of any length: the last block is masked with one of two subkeys derived
/// from the key, depending on whether it was padded. The tag is 16 bytes; field 64/128 carries its first 8.
/// </summary>
/// <remarks>Not thread-safe: one instance per terminal key and per thread.</remarks>
public sealed class AesCmac : IDisposable
{
    public const int TagSize = 16;
    private const int Block = 16;

    /// <summary>The constant R_b of RFC 4493 for a 128-bit block: x^128 + x^7 + x^2 + x + 1.</summary>
    private const byte Rb = 0x87;

    private readonly Aes _aes;
    private readonly byte[] _k1 = new byte[Block];
    private readonly byte[] _k2 = new byte[Block];

    /// <param name="key">an AES key: 16, 24 or 32 bytes.</param>
    public AesCmac(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES key is 16, 24 or 32 bytes, not {key.Length}.", nameof(key));
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();

        // Subkeys (RFC 4493 2.3): L = AES(K, 0); K1 = L doubled in GF(2^128); K2 = K1 doubled.
        Span<byte> l = stackalloc byte[Block];
        l.Clear();
        _aes.EncryptEcb(l, l, PaddingMode.None);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>Writes the 16-byte tag of <paramref name="data"/> to <paramref name="tag"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        if (tag.Length < TagSize)
        {
            throw new ArgumentException($"The tag needs {TagSize} bytes.", nameof(tag));
        }

        // RFC 4493 2.4: the last block is whole (xor K1) only when the message is non-empty and fills it exactly.
        Span<byte> last = stackalloc byte[Block];
        last.Clear();
        ReadOnlySpan<byte> body;
        var whole = data.Length / Block * Block;
        if (whole == data.Length && data.Length > 0)
        {
            body = data[..(whole - Block)];
            data[(whole - Block)..].CopyTo(last);
            CbcChain.Xor(last, _k1);
        }
        else
        {
            body = data[..whole];
            data[whole..].CopyTo(last);
            last[data.Length - whole] = 0x80;
            CbcChain.Xor(last, _k2);
        }

        Span<byte> chain = stackalloc byte[Block];
        chain.Clear();
        CbcChain.Run(_aes, body, chain);
        CbcChain.Xor(chain, last);
        _aes.EncryptEcb(chain, tag[..TagSize], PaddingMode.None);
    }

    /// <summary>
    /// Whether <paramref name="tag"/> (the whole tag, or its leading 8 to 15 bytes, truncated as RFC 4493 allows) is
    /// the tag of <paramref name="data"/>; compared in constant time.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length is < 8 or > TagSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        Compute(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..tag.Length], tag);
    }

    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
    }

    /// <summary>Multiplies by x in GF(2^128): shift left one bit, and fold the bit that fell off back in with R_b.</summary>
    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var carry = 0;
        for (var i = Block - 1; i >= 0; i--)
        {
            var b = input[i];
            output[i] = unchecked((byte)((b << 1) | carry));
            carry = b >> 7;
        }

        if ((input[0] & 0x80) != 0)
        {
            output[Block - 1] ^= Rb;
        }
    }
}
