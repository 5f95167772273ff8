using System.Security.Cryptography;
using PosSim.Iso8583;

namespace PosSim.Core.Security;

/// <summary>Which MAC terminals put in field 64/128 (docs/security.md, "Which MAC").</summary>
public enum MacAlgorithm
{
    /// <summary>ISO/IEC 9797-1 MAC algorithm 3 (ANSI X9.19) under a double-length 3DES working key, padding method 1.</summary>
    RetailMac,

    /// <summary>AES-CMAC (RFC 4493) under an AES-128 working key; the field carries the tag's first 8 bytes.</summary>
    AesCmac,
}

/// <summary>
/// The MAC of an ISO 8583 message as it travels in a dialect: computed over the message encoded by the dialect's
/// codec, from the first byte of the MTI to the last byte before the MAC field, with the MAC field's bitmap bit set.
/// The MAC field is 128 when the message has a secondary bitmap (any field from 65 on), else 64; it is always the last
/// field, so everything before it is covered and the length header and any TPDU are not (docs/security.md).
/// </summary>
/// <remarks>
/// The bytes are re-encoded from the message rather than taken off the wire: the dialect codecs encode a decoded
/// message back byte for byte (canonical encodings: upper-case hex, 0-padded BCD, no empty secondary bitmap), which
/// keeps the switch's core free of buffers and lets in-process callers (the simulator, tests) MAC the same way a
/// terminal on a socket does. Not thread-safe: one instance per working key, on one thread.
/// </remarks>
public sealed class MessageMac : IDisposable
{
    /// <summary>Bytes of MAC field 64 and 128 in every dialect PosSim ships (b 8).</summary>
    public const int FieldSize = 8;

    private readonly RetailMac? _retail;
    private readonly AesCmac? _cmac;
    private readonly IsoCodec _codec;
    private readonly IsoMessage _scratch = new();
    private byte[] _buffer = new byte[512];

    /// <param name="algorithm">the MAC both sides agreed on.</param>
    /// <param name="key">the working key: 16 bytes (3DES K1 || K2 for the retail MAC, AES-128 for AES-CMAC).</param>
    /// <param name="codec">the dialect the messages travel in.</param>
    public MessageMac(MacAlgorithm algorithm, ReadOnlySpan<byte> key, IsoCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codec = codec;
        Algorithm = algorithm;
        switch (algorithm)
        {
            case MacAlgorithm.RetailMac:
                _retail = new RetailMac(key);
                break;
            case MacAlgorithm.AesCmac:
                _cmac = new AesCmac(key);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
        }
    }

    public MacAlgorithm Algorithm { get; }

    /// <summary>The field the MAC of <paramref name="message"/> goes in: 128 when it has a secondary bitmap, else 64.</summary>
    public static int FieldOf(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (var field = 65; field <= 128; field++)
        {
            if (message.Has(field))
            {
                return 128;
            }
        }

        return 64;
    }

    /// <summary>Puts the MAC of <paramref name="message"/> in field 64 or 128 (<see cref="FieldOf"/>); false when the dialect cannot encode it.</summary>
    public bool TrySign(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var field = FieldOf(message);
        Span<byte> mac = stackalloc byte[16];
        if (!TryCompute(message, field, mac))
        {
            return false;
        }

        message.Set(field, mac[..FieldSize]);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="message"/> carries its MAC in the right field (<see cref="FieldOf"/>), 8 bytes, made with
    /// this key; compared in constant time. A missing MAC, one in the wrong field, or a message the dialect cannot
    /// encode is not verified.
    /// </summary>
    public bool Verify(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var field = FieldOf(message);
        if (!message.TryGet(field, out var sent) || sent.Length != FieldSize)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[16];
        return TryCompute(message, field, mac) && CryptographicOperations.FixedTimeEquals(mac[..FieldSize], sent);
    }

    public void Dispose()
    {
        _retail?.Dispose();
        _cmac?.Dispose();
        CryptographicOperations.ZeroMemory(_buffer);
    }

    /// <summary>
    /// The MAC over the message encoded with <paramref name="field"/> present (its bitmap bit set) up to the byte before
    /// the field. The field is the last one encoded, so that is as many bytes as the message encodes to without it.
    /// </summary>
    private bool TryCompute(IsoMessage message, int field, Span<byte> mac)
    {
        try
        {
            return TryComputeCore(message, field, mac);
        }
        finally
        {
            _scratch.Clear(); // it held a copy of the message, card number included
        }
    }

    private bool TryComputeCore(IsoMessage message, int field, Span<byte> mac)
    {
        message.CopyTo(_scratch);
        _scratch.Remove(field);
        if (!_codec.TryGetEncodedLength(_scratch, out var covered, out _))
        {
            return false;
        }

        Span<byte> placeholder = stackalloc byte[FieldSize];
        placeholder.Clear();
        _scratch.Set(field, placeholder);
        if (!_codec.TryGetEncodedLength(_scratch, out var length, out _))
        {
            return false;
        }

        if (_buffer.Length < length)
        {
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        if (!_codec.TryEncode(_scratch, _buffer, out _, out _))
        {
            return false;
        }

        var data = _buffer.AsSpan(0, covered);
        if (_retail is not null)
        {
            _retail.Compute(data, mac);
        }
        else
        {
            _cmac!.Compute(data, mac);
        }

        return true;
    }
}

/// <summary>
/// The working key as it travels in field 48 of the 0810 answering a sign-on: one letter for the MAC (<c>R</c> retail
/// MAC, <c>A</c> AES-CMAC), the 16-byte key enciphered under the terminal's master key (3DES ECB, each half on its own,
/// <see cref="TerminalKeys.Wrap"/>) as 32 hex digits, and the key's check value as 6 hex digits: 39 characters.
/// </summary>
public static class WorkingKeyField
{
    public const int Field = 48;
    public const int Length = 1 + 32 + 6;

    /// <summary>The check value of a working key: 3DES of zeros for a retail MAC key, AES-CMAC of 16 zero bytes for an AES key (first 3 bytes).</summary>
    public static string CheckValue(MacAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        if (algorithm == MacAlgorithm.RetailMac)
        {
            return TerminalKeys.CheckValueHex(key);
        }

        using var cmac = new AesCmac(key);
        Span<byte> tag = stackalloc byte[AesCmac.TagSize];
        Span<byte> zeros = stackalloc byte[16];
        zeros.Clear();
        cmac.Compute(zeros, tag);
        return Convert.ToHexString(tag[..TerminalKeys.CheckValueSize]);
    }

    /// <summary>Field 48's value carrying <paramref name="workingKey"/> under <paramref name="masterKey"/>.</summary>
    public static string Format(MacAlgorithm algorithm, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> workingKey)
    {
        Span<byte> wrapped = stackalloc byte[TerminalKeys.KeySize];
        TerminalKeys.Wrap(masterKey, workingKey, wrapped);
        return (algorithm == MacAlgorithm.RetailMac ? "R" : "A") + Convert.ToHexString(wrapped) + CheckValue(algorithm, workingKey);
    }

    /// <summary>
    /// The terminal's side: deciphers the working key of <paramref name="value"/> under <paramref name="masterKey"/> into
    /// <paramref name="workingKey"/> and checks it against the check value sent with it. False for a malformed value or a
    /// check value that does not match (a wrong master key, or a key damaged on the way): then the key must not be used.
    /// </summary>
    public static bool TryUnwrap(string value, ReadOnlySpan<byte> masterKey, Span<byte> workingKey, out MacAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(value);
        algorithm = MacAlgorithm.RetailMac;
        if (value.Length != Length || value[0] is not ('R' or 'A'))
        {
            return false;
        }

        algorithm = value[0] == 'R' ? MacAlgorithm.RetailMac : MacAlgorithm.AesCmac;
        Span<byte> wrapped = stackalloc byte[TerminalKeys.KeySize];
        if (Convert.FromHexString(value.AsSpan(1, 32), wrapped, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16)
        {
            return false;
        }

        TerminalKeys.Unwrap(masterKey, wrapped, workingKey);
        try
        {
            return CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(CheckValue(algorithm, workingKey)), System.Text.Encoding.ASCII.GetBytes(value[33..]));
        }
        catch (ArgumentException)
        {
            return false; // deciphered under the wrong master key into a weak 3DES key: not the key that was sent
        }
    }
}
