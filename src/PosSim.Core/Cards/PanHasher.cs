using System.Security.Cryptography;
using System.Text;

namespace PosSim.Core.Cards;

/// <summary>
/// The keyed hash under which a card is matched in logs and databases, so the PAN itself is never stored:
/// HMAC-SHA256 with a key of the installation's, truncated to 128 bits, as upper-case hex.
/// Without the key the hash cannot be brute-forced over the small space of PANs of one BIN.
/// </summary>
/// <remarks>
/// Implementation note: one keyed HMAC is kept and reset after each hash. The one-shot
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> sets its context up again on
/// every call (OpenSSL 3 underneath), about three times the cost. Safe to share between threads.
/// </remarks>
public sealed class PanHasher
{
    private readonly IncrementalHash _hmac;
    private readonly Lock _lock = new();

    public PanHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("A PAN hashing key needs at least 16 bytes.", nameof(key));
        }

        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    }

    /// <summary>A key derived from a seed, for simulations that must reproduce byte for byte.</summary>
    public static PanHasher FromSeed(long seed) =>
        new(SHA256.HashData(Encoding.ASCII.GetBytes($"possim-pan-key:{seed}")));

    public string Hash(ReadOnlySpan<char> pan)
    {
        Span<byte> ascii = pan.Length <= 256 ? stackalloc byte[pan.Length] : new byte[pan.Length];
        Encoding.ASCII.GetBytes(pan, ascii);
        Span<byte> mac = stackalloc byte[32];
        lock (_lock)
        {
            _hmac.AppendData(ascii);
            _hmac.GetHashAndReset(mac);
        }

        return Convert.ToHexString(mac[..16]);
    }
}
