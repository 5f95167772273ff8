using System.Security.Cryptography;

namespace PosSim.Core.Security;

/// <summary>
/// Double-length (two-key) triple-DES keys as terminals hold them, and the classic sign-on key exchange: the host
/// makes a working key (a MAC key, a PIN key), sends it enciphered under the terminal's master key (TMK) in 3DES
/// ECB, one 8-byte half at a time, with the working key's check value; the terminal deciphers it, checks the
/// check value, and uses it until the next sign-on. No clear key ever crosses the wire, and a new working key per
/// sign-on limits what one stolen working key exposes. (ECB per half lets the halves be swapped or replayed
/// separately; TR-31 key blocks fix that, and are what a new deployment should use. This is the scheme most
/// installed terminals still speak.)
/// </summary>
public static class TerminalKeys
{
    /// <summary>A double-length 3DES key: K1 || K2.</summary>
    public const int KeySize = 16;

    /// <summary>Bytes of a key check value as usually shown (6 hex digits).</summary>
    public const int CheckValueSize = 3;

    /// <summary>
    /// Makes a double-length key from the bytes <paramref name="fill"/> gives (the caller's random source: the core
    /// draws no randomness of its own), with odd parity set and halves that differ, as HSMs make them.
    /// </summary>
    public static void Generate(Span<byte> key, Action<Span<byte>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        RequireSize(key, nameof(key));
        for (var attempt = 0; attempt < 16; attempt++)
        {
            fill(key);
            SetOddParity(key);
            if (!key[..8].SequenceEqual(key[8..]) && !DES.IsWeakKey(key[..8].ToArray()) && !DES.IsSemiWeakKey(key[..8].ToArray()) &&
                !DES.IsWeakKey(key[8..].ToArray()) && !DES.IsSemiWeakKey(key[8..].ToArray()))
            {
                return;
            }
        }

        throw new InvalidOperationException("The random source gave 16 weak keys in a row; it is not random.");
    }

    /// <summary>
    /// Enciphers <paramref name="workingKey"/> under <paramref name="masterKey"/> (3DES ECB, each half on its own) into
    /// <paramref name="wrapped"/>, the form it travels in at sign-on.
    /// </summary>
    public static void Wrap(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> workingKey, Span<byte> wrapped)
    {
        RequireSize(masterKey, nameof(masterKey));
        RequireSize(workingKey, nameof(workingKey));
        RequireSize(wrapped, nameof(wrapped));
        using var tdes = Create(masterKey);
        tdes.EncryptEcb(workingKey, wrapped, PaddingMode.None);
    }

    /// <summary>The terminal's side: deciphers a working key received under its master key.</summary>
    public static void Unwrap(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> wrapped, Span<byte> workingKey)
    {
        RequireSize(masterKey, nameof(masterKey));
        RequireSize(wrapped, nameof(wrapped));
        RequireSize(workingKey, nameof(workingKey));
        using var tdes = Create(masterKey);
        tdes.DecryptEcb(wrapped, workingKey, PaddingMode.None);
    }

    /// <summary>
    /// The key check value (KCV): a block of zeros enciphered under the key, first 3 bytes. It lets two parties
    /// confirm they hold the same key, and a key be named in a log, without revealing it.
    /// </summary>
    public static void CheckValue(ReadOnlySpan<byte> key, Span<byte> kcv)
    {
        RequireSize(key, nameof(key));
        if (kcv.Length < CheckValueSize)
        {
            throw new ArgumentException($"A check value needs {CheckValueSize} bytes.", nameof(kcv));
        }

        using var tdes = Create(key);
        Span<byte> block = stackalloc byte[8];
        block.Clear();
        tdes.EncryptEcb(block, block, PaddingMode.None);
        block[..CheckValueSize].CopyTo(kcv);
    }

    /// <summary>The check value as 6 upper-case hex digits, as key ceremonies and logs show it.</summary>
    public static string CheckValueHex(ReadOnlySpan<byte> key)
    {
        Span<byte> kcv = stackalloc byte[CheckValueSize];
        CheckValue(key, kcv);
        return Convert.ToHexString(kcv);
    }

    /// <summary>Sets each byte's lowest bit so that it has an odd number of 1 bits, the DES key convention.</summary>
    public static void SetOddParity(Span<byte> key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            var b = (byte)(key[i] & 0xFE);
            key[i] = (byte)(b | ((System.Numerics.BitOperations.PopCount(b) & 1) ^ 1));
        }
    }

    /// <summary>
    /// Two-key 3DES as the three-key form K1 || K2 || K1, the same cipher: .NET's OpenSSL back end on Linux refuses a
    /// 16-byte key in its one-shot ECB calls ("invalid key length").
    /// </summary>
    internal static TripleDES Create(ReadOnlySpan<byte> key)
    {
        var tdes = TripleDES.Create();
        try
        {
            tdes.Key = [.. key, .. key[..8]];
            return tdes;
        }
        catch (CryptographicException e)
        {
            tdes.Dispose();
            throw new ArgumentException("The key is a weak triple-DES key (its two halves are the same).", nameof(key), e);
        }
    }

    private static void RequireSize(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A double-length key is {KeySize} bytes, not {key.Length}.", name);
        }
    }
}
