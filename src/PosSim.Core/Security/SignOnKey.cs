using System.Security.Cryptography;
using PosSim.Core.Time;
using PosSim.Iso8583;

namespace PosSim.Core.Security;

/// <summary>
/// The key a terminal MACs its sign-on (0800, field 70 = 001) with, to prove it holds its master key (docs/security.md,
/// "Sign-on proves the master key"): the 16 ASCII bytes <see cref="Label"/> enciphered under the TMK (3DES ECB, each
/// 8-byte half on its own, as <see cref="TerminalKeys.Wrap"/>), odd parity set. The TMK itself never MACs: a key used
/// for two jobs lets what one job reveals help an attack on the other, and a derived key keeps the TMK a key that only
/// enciphers. Knowing the sign-on key gives no way back to the TMK (that would be a 3DES known-plaintext key search).
/// </summary>
public static class SignOnKey
{
    /// <summary>
    /// The constant enciphered under the TMK. Its two halves differ, so the key's halves differ (3DES of two different
    /// blocks under one key); it is neither the zero block of the TMK's check value nor, but for a 2^-128 chance, a
    /// working key the switch wrapped, so no field 48 or check value ever shows the sign-on key.
    /// </summary>
    public static ReadOnlySpan<byte> Label => "PosSimSignOnKey1"u8;

    /// <summary>Derives the sign-on key of <paramref name="masterKey"/> into <paramref name="key"/> (16 bytes).</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, Span<byte> key)
    {
        TerminalKeys.Wrap(masterKey, Label, key);
        TerminalKeys.SetOddParity(key);
        if (key[..8].SequenceEqual(key[8..]))
        {
            key[15] ^= 0x02; // halves equal only after parity (2^-56): still must never give a single-DES MAC key
        }
    }

    /// <summary>A MAC under <paramref name="masterKey"/>'s sign-on key, for the messages of <paramref name="codec"/>. The caller disposes it.</summary>
    public static MessageMac Create(MacAlgorithm algorithm, TerminalMasterKey masterKey, IsoCodec codec)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        Span<byte> key = stackalloc byte[TerminalKeys.KeySize];
        try
        {
            Derive(masterKey.Key, key);
            return new MessageMac(algorithm, key, codec);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The terminal's side: MACs its sign-on in field 128 (field 70 needs the secondary bitmap) with its sign-on key;
    /// false when the dialect cannot encode it. The sign-on must carry field 7 (its transmission time) and field 11, which
    /// the switch's replay rule reads (<see cref="SignOnVerifier"/>).
    /// </summary>
    public static bool TrySign(IsoMessage signOn, MacAlgorithm algorithm, TerminalMasterKey masterKey, IsoCodec codec)
    {
        ArgumentNullException.ThrowIfNull(signOn);
        using var mac = Create(algorithm, masterKey, codec);
        return mac.TrySign(signOn);
    }
}

/// <summary>
/// The switch's side of the sign-on proof: a sign-on is accepted only when it carries a right MAC under the terminal's
/// sign-on key (<see cref="SignOnKey"/>) and is fresh, so a sign-on captured off the wire and sent again is refused:
/// <list type="bullet">
/// <item>its field 7 (MMDDhhmmss, the terminal's local time, which PosSim's terminals share with the switch's business
/// clock) is within <see cref="Window"/> of the switch's clock, either way;</item>
/// <item>no proven sign-on of the terminal with the same field 7 and STAN (field 11) was accepted within that window.</item>
/// </list>
/// Both are covered by the MAC, so neither can be changed without the key. A replay is therefore refused while it is
/// fresh (remembered) and after (too old). The memory is the proven sign-ons of the last <see cref="Window"/> per
/// terminal: only key holders can add to it. It is in memory, so a sign-on captured in the few minutes before a restart
/// could be used once after it; the window is what bounds that.
/// </summary>
/// <remarks>Pure: the caller gives the switch's local time. Not thread-safe: one per switch, on its loop.</remarks>
public sealed class SignOnVerifier(MacAlgorithm algorithm, IsoCodec codec)
{
    /// <summary>How far a sign-on's field 7 may be from the switch's clock, either way: terminal clocks drift, and a sign-on is answered in seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, List<(DateTimeOffset Sent, int Stan)>> _accepted = new(StringComparer.Ordinal);

    /// <summary>Proven sign-ons remembered against replay, for tests.</summary>
    public int Remembered
    {
        get
        {
            var count = 0;
            foreach (var list in _accepted.Values)
            {
                count += list.Count;
            }

            return count;
        }
    }

    /// <summary>
    /// Null when <paramref name="signOn"/> proves <paramref name="masterKey"/> and is fresh: it is then remembered, and the
    /// same sign-on is refused from now on. Otherwise why not, in words fit for a log (no key, no MAC).
    /// </summary>
    /// <param name="localNow">the switch's clock in the time zone terminals write field 7 in.</param>
    public string? Refusal(IsoMessage signOn, string terminalId, TerminalMasterKey masterKey, DateTimeOffset localNow)
    {
        ArgumentNullException.ThrowIfNull(signOn);
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentNullException.ThrowIfNull(masterKey);
        var field = MessageMac.FieldOf(signOn);
        if (!signOn.Has(field))
        {
            return $"sign-on without a MAC in field {field}";
        }

        using (var mac = SignOnKey.Create(algorithm, masterKey, codec))
        {
            if (!mac.Verify(signOn))
            {
                return $"sign-on with a wrong MAC in field {field}: not made with this terminal's sign-on key";
            }
        }

        if (signOn.Stan is not { } stan || !TryReadTransmissionTime(signOn.GetString(IsoMessage.FieldTransmissionDateTime), localNow, out var sent))
        {
            return "sign-on without a STAN (field 11) or a transmission time (field 7)";
        }

        if ((sent - localNow).Duration() > Window)
        {
            return $"sign-on sent at a time (field 7) more than {Window.TotalMinutes:0} minutes from the switch's clock: old, replayed, or the terminal's clock is wrong";
        }

        if (!_accepted.TryGetValue(terminalId, out var seen))
        {
            seen = [];
            _accepted.Add(terminalId, seen);
        }

        seen.RemoveAll(s => localNow - s.Sent > Window); // too old to pass the time check again: nothing to remember
        if (seen.Contains((sent, stan)))
        {
            return "sign-on already used (same field 7 and STAN): a replay";
        }

        seen.Add((sent, stan));
        return null;
    }

    /// <summary>Field 7 as an instant in <paramref name="localNow"/>'s offset, in the year nearest to it (<see cref="TransmissionTime.TryRead"/>).</summary>
    public static bool TryReadTransmissionTime(string? field7, DateTimeOffset localNow, out DateTimeOffset sent) =>
        TransmissionTime.TryRead(field7, localNow, out sent);
}
