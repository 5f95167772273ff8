using System.Security.Cryptography;
using System.Text;

namespace PosSim.Core.Cards;

/// <summary>
/// The keyed hash under which a card is matched in logs and databases, so the PAN itself is never stored:
/// HMAC-SHA256 with a key of the installation's, truncated to 128 bits, as upper-case hex.
/// Without the key the hash cannot be brute-forced over the small space of PANs of one BIN.
/// </summary>
public sealed class PanHasher
{
    private readonly byte[] _key;

    public PanHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("A PAN hashing key needs at least 16 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>A key derived from a seed, for simulations that must reproduce byte for byte.</summary>
    public static PanHasher FromSeed(long seed) =>
        new(SHA256.HashData(Encoding.ASCII.GetBytes($"possim-pan-key:{seed}")));

    public string Hash(ReadOnlySpan<char> pan)
    {
        Span<byte> ascii = stackalloc byte[pan.Length];
        Encoding.ASCII.GetBytes(pan, ascii);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, ascii, mac);
        return Convert.ToHexString(mac[..16]);
    }
}
