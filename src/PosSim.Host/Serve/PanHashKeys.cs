using System.Security.Cryptography;
using System.Text;

namespace PosSim.Host.Serve;

/// <summary>A PAN hashing key that cannot be used; the message is one line an operator can act on.</summary>
public sealed class PanHashKeyException(string message) : Exception(message);

/// <summary>
/// Where `possim serve` gets the key its PAN hashes are made with (docs/cli.md, "Keys"). Anyone holding the key can
/// turn a stored hash back into the card number in well under a second (a BIN and a Luhn digit leave about a billion
/// candidates), so the key is either given from outside the data folder (<see cref="ServeOptions.PanHashKey"/>, from
/// POSSIM_PAN_HASH_KEY or POSSIM_Serve__PanHashKey) or kept in DATA/pan-hash.key readable by its owner only. A key
/// file others can read is refused, not silently tightened: it may already have been copied, and the operator is
/// the one who can judge that.
/// </summary>
public static class PanHashKeys
{
    public const string FileName = "pan-hash.key";

    /// <summary>A check value of the key the data folder's hashes were made with: lets a changed key be refused.</summary>
    public const string CheckFileName = "pan-hash.check";

    /// <summary>Shortest key accepted: 128 bits, the HMAC strength the hashes need.</summary>
    public const int MinBytes = 16;

    /// <summary>Longest key accepted: a longer HMAC-SHA256 key is hashed down to 32 bytes anyway.</summary>
    public const int MaxBytes = 64;

    /// <summary>What a key written as text may look like, for error lines.</summary>
    public const string Expected = "give 16 to 64 bytes as hex (32 to 128 hex digits) or as base64 (for example the output of 'openssl rand -hex 32')";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// A key written as text: hex when every character is a hex digit (and there is an even number of them), else
    /// base64. Surrounding white space is ignored, since secrets often arrive from files with a final newline.
    /// </summary>
    public static bool TryParse(string text, out byte[] key)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = [];
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 4 * MaxBytes)
        {
            return false;
        }

        byte[] bytes;
        if (trimmed.Length % 2 == 0 && trimmed.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(trimmed);
        }
        else
        {
            var buffer = new byte[(trimmed.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(trimmed, buffer, out var written))
            {
                return false;
            }

            bytes = buffer[..written];
            CryptographicOperations.ZeroMemory(buffer);
        }

        if (bytes.Length is < MinBytes or > MaxBytes)
        {
            return false;
        }

        key = bytes;
        return true;
    }

    /// <summary>
    /// Checks, before anything starts, what <see cref="Load"/> would find: the given key, or the key file's size and
    /// mode, and that the key is the one the data folder was written with. Creates nothing.
    /// </summary>
    /// <returns>null when <see cref="Load"/> will succeed as far as can be told; else the problem in one line.</returns>
    public static string? Check(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var key = Find(options, create: false);
            if (key is not null)
            {
                CheckAgainstFolder(options.Data, key);
                CryptographicOperations.ZeroMemory(key);
            }

            return null;
        }
        catch (PanHashKeyException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The key: the one given in the settings, else DATA/pan-hash.key, created (mode 0600, 32 random bytes) when
    /// missing. Records a check value of it in DATA/pan-hash.check the first time, and refuses a key that differs
    /// from the recorded one: hashes made with two keys no longer match each other (a refund would not find its
    /// purchase).
    /// </summary>
    /// <exception cref="PanHashKeyException">the key cannot be used; the message says why and what to do.</exception>
    public static byte[] Load(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = Find(options, create: true)!;
        CheckAgainstFolder(options.Data, key);
        var check = Path.Combine(options.Data, CheckFileName);
        if (!File.Exists(check))
        {
            // Whole or not at all (a kill half-way must not leave a check value that refuses the right key).
            var temporary = $"{check}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, CheckValue(key) + "\n");
            File.Move(temporary, check, overwrite: true);
        }

        return key;
    }

    /// <summary>Whether DATA/pan-hash.key sits unused beside the hashes while the key comes from the settings (worth a warning).</summary>
    public static bool UnusedFileBesideHashes(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PanHashKey is not null && File.Exists(Path.Combine(options.Data, FileName));
    }

    /// <summary>
    /// A one-way fingerprint of the key (16 hex digits of an HMAC of a fixed label), safe to keep beside the hashes: it
    /// tells keys apart without helping anyone find one.
    /// </summary>
    public static string CheckValue(ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, "PosSim PAN hashing key check value"u8, mac);
        return Convert.ToHexString(mac[..8]);
    }

    private static byte[]? Find(ServeOptions options, bool create)
    {
        if (options.PanHashKey is { } text)
        {
            return TryParse(text, out var given)
                ? given
                : throw new PanHashKeyException($"the PAN hashing key (POSSIM_PAN_HASH_KEY or Serve:PanHashKey): {Expected}");
        }

        var path = Path.Combine(options.Data, FileName);
        if (!File.Exists(path))
        {
            return create ? Create(path) : null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Others) != 0)
        {
            throw new PanHashKeyException(
                $"{path} can be read or written by users other than its owner, and whoever reads it can turn the stored PAN hashes back into card " +
                $"numbers: run 'chmod 600 {path}' if no one else can have copied it, or give the key from the environment (POSSIM_PAN_HASH_KEY)");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length is < MinBytes or > MaxBytes)
        {
            throw new PanHashKeyException($"{path} holds {bytes.Length} bytes; a PAN hashing key file holds {MinBytes} to {MaxBytes} raw bytes. Restore it from a backup: a new key would not match the hashes already stored");
        }

        return bytes;
    }

    private static byte[] Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, not chmod-ed after: there is no moment at which others could open it.
            create.UnixCreateMode = OwnerOnly;
        }

        using (var file = new FileStream(temporary, create))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }

        // Renamed into place only once written and on disk: a kill while creating it leaves no short key file,
        // which the next start would refuse.
        File.Move(temporary, path, overwrite: false);
        return key;
    }

    private static void CheckAgainstFolder(string data, ReadOnlySpan<byte> key)
    {
        var path = Path.Combine(data, CheckFileName);
        if (!File.Exists(path))
        {
            // A folder from before check values were recorded: a key given from outside must be the key file's.
            var file = Path.Combine(data, FileName);
            if (File.Exists(file) && !CryptographicOperations.FixedTimeEquals(File.ReadAllBytes(file), key))
            {
                throw new PanHashKeyException(
                    $"the PAN hashing key given is not the one in {file}, which the data in {data} was written with: give that key " +
                    "(for example POSSIM_PAN_HASH_KEY=$(xxd -p -c 64 " + file + ")), or start on a new --data folder");
            }

            return;
        }

        var recorded = File.ReadAllText(path, Encoding.ASCII).Trim();
        if (!recorded.Equals(CheckValue(key), StringComparison.OrdinalIgnoreCase))
        {
            throw new PanHashKeyException(
                $"the PAN hashing key is not the one the data in {data} was written with (its check value is in {path}): give the same key again, " +
                "or start on a new --data folder");
        }
    }
}
