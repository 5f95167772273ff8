using System.Security.Cryptography;

namespace PosSim.Core.Security;

/// <summary>How a message is padded to whole 8-byte blocks before a <see cref="RetailMac"/> (ISO/IEC 9797-1 padding methods).</summary>
public enum RetailMacPadding
{
    /// <summary>
    /// Method 1: zero bytes, none when the message already fills its last block (an empty message is one block of
    /// zeros). What most ISO 8583 terminals and ANSI X9.19 use; it cannot tell "AB" from "AB\0", which is harmless
    /// for ISO 8583, whose messages carry their own lengths.
    /// </summary>
    Method1 = 1,

    /// <summary>Method 2: one 0x80 byte, then zeros; always adds at least one byte (ISO/IEC 7816-4 style).</summary>
    Method2 = 2,
}

/// <summary>
/// The retail MAC: ISO/IEC 9797-1 MAC algorithm 3 with DES (ANSI X9.19), under a double-length key K = K1 || K2.
/// Every block is chained with single DES under K1, and the last one is also deciphered under K2 and enciphered
/// again under K1, which is exactly two-key triple-DES (EDE) of the last chaining value. That final step is what
/// makes it cost a 112-bit key search, not 56, to forge. The MAC is 8 bytes; ISO 8583 field 64/128 carries all 8,
/// some networks compare only the first 4 (<see cref="Verify"/> takes either).
/// </summary>
/// <remarks>Not thread-safe: one instance per terminal key and per thread (the core loop is one thread).</remarks>
public sealed class RetailMac : IDisposable
{
    public const int KeySize = 16;
    public const int MacSize = 8;
    private const int Block = 8;

    private readonly DES _k1;
    private readonly TripleDES _ede;
    private readonly RetailMacPadding _padding;

    /// <param name="key">16 bytes, K1 then K2; the halves must differ (else it is a single-DES MAC).</param>
    /// <param name="padding">the padding both sides agreed on.</param>
    public RetailMac(ReadOnlySpan<byte> key, RetailMacPadding padding = RetailMacPadding.Method1)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A retail MAC key is {KeySize} bytes (K1 and K2), not {key.Length}.", nameof(key));
        }

        if (key[..Block].SequenceEqual(key[Block..]))
        {
            throw new ArgumentException("The two halves of a retail MAC key must differ.", nameof(key));
        }

        if (padding is not (RetailMacPadding.Method1 or RetailMacPadding.Method2))
        {
            throw new ArgumentOutOfRangeException(nameof(padding));
        }

        _padding = padding;
        _k1 = DES.Create();
        try
        {
            _k1.Key = key[..Block].ToArray();
            _ede = TerminalKeys.Create(key);
        }
        catch (CryptographicException e)
        {
            _k1.Dispose();
            throw new ArgumentException("The retail MAC key's first half is a known weak DES key.", nameof(key), e);
        }
    }

    /// <summary>Writes the 8-byte MAC of <paramref name="data"/> to <paramref name="mac"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (mac.Length < MacSize)
        {
            throw new ArgumentException($"The MAC needs {MacSize} bytes.", nameof(mac));
        }

        // The last block after padding; every block before it is data as given.
        Span<byte> last = stackalloc byte[Block];
        last.Clear();
        ReadOnlySpan<byte> body;
        var whole = data.Length / Block * Block;
        if (_padding == RetailMacPadding.Method1 && whole == data.Length && data.Length > 0)
        {
            body = data[..(whole - Block)];
            data[(whole - Block)..].CopyTo(last);
        }
        else
        {
            body = data[..whole];
            data[whole..].CopyTo(last);
            if (_padding == RetailMacPadding.Method2)
            {
                last[data.Length - whole] = 0x80;
            }
        }

        Span<byte> chain = stackalloc byte[Block];
        chain.Clear();
        CbcChain.Run(_k1, body, chain);
        CbcChain.Xor(chain, last);
        _ede.EncryptEcb(chain, mac[..MacSize], PaddingMode.None);
    }

    /// <summary>
    /// Whether <paramref name="mac"/> (all 8 bytes, or the leading 4 to 7 where a network truncates) is the MAC of
    /// <paramref name="data"/>; compared in constant time, so timing does not reveal how many bytes matched.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        if (mac.Length is < 4 or > MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Compute(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..mac.Length], mac);
    }

    public void Dispose()
    {
        _k1.Dispose();
        _ede.Dispose();
    }
}
