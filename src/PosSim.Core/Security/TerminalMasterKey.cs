using System.Security.Cryptography;
using System.Text;

namespace PosSim.Core.Security;

/// <summary>
/// A terminal's master key (TMK): a double-length 3DES key shared by one terminal and the acquirer, used only to
/// carry working keys at sign-on (<see cref="TerminalKeys.Wrap"/>). It prints as its check value, never as the key,
/// so a terminal written to a log, an exception or a debugger's summary does not leak it.
/// </summary>
public sealed class TerminalMasterKey
{
    private readonly byte[] _key;

    public TerminalMasterKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != TerminalKeys.KeySize)
        {
            throw new ArgumentException($"A terminal master key is {TerminalKeys.KeySize} bytes, not {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
        CheckValue = TerminalKeys.CheckValueHex(_key);
    }

    /// <summary>The key's check value, 6 hex digits: safe to show.</summary>
    public string CheckValue { get; }

    /// <summary>The key itself, for the code that wraps working keys under it; never for display.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>
    /// The master key of <paramref name="terminalId"/> derived from a per-installation secret: HMAC-SHA256(secret,
    /// "PosSim TMK " + terminal id), first 16 bytes, odd parity. The same secret gives the same keys after every
    /// restart, so terminals keep theirs, and no key file per terminal is needed; without the secret the keys of
    /// the demo terminals cannot be worked out from their ids.
    /// </summary>
    public static TerminalMasterKey Derive(ReadOnlySpan<byte> secret, string terminalId)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        if (secret.Length < 16)
        {
            throw new ArgumentException("The secret terminal master keys are derived from needs at least 16 bytes.", nameof(secret));
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes("PosSim TMK " + terminalId), mac);
        var key = mac[..TerminalKeys.KeySize];
        TerminalKeys.SetOddParity(key);
        if (key[..8].SequenceEqual(key[8..]))
        {
            key[15] ^= 0x02; // keeps odd parity; halves equal has chance 2^-56, but must never give a single-DES key
        }

        var result = new TerminalMasterKey(key);
        CryptographicOperations.ZeroMemory(mac);
        return result;
    }

    public override string ToString() => $"TMK (check value {CheckValue})";
}
