using PosSim.Core.Security;
using PosSim.Iso8583;

namespace PosSim.Simulation.Terminals;

/// <summary>
/// A terminal's side of MAC authentication (docs/security.md): it holds its master key, takes the working key out of
/// the 0810 answering its sign-on (field 48: deciphered under the master key, used only when its check value agrees),
/// and MACs each request it sends with it, in field 64 or 128 over the bytes the dialect encodes.
/// </summary>
/// <remarks>Not thread-safe: callers sharing a terminal between threads take its lock around <see cref="TrySign"/>.</remarks>
public sealed class TerminalMacKey : IDisposable
{
    private readonly TerminalMasterKey _masterKey;
    private readonly IsoCodec _codec;
    private MessageMac? _mac;

    public TerminalMacKey(TerminalMasterKey masterKey, IsoCodec codec)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        ArgumentNullException.ThrowIfNull(codec);
        _masterKey = masterKey;
        _codec = codec;
    }

    /// <summary>Whether a working key from a sign-on is held.</summary>
    public bool HasWorkingKey => _mac is not null;

    /// <summary>The check value of the working key held, for logs and tests; null before a sign-on.</summary>
    public string? WorkingKeyCheckValue { get; private set; }

    /// <summary>
    /// Takes the working key from <paramref name="signOnResponse"/>, an approved 0810: false (and the previous key kept)
    /// when it carries none, its check value does not agree, or the 0810's own MAC is not made with it.
    /// </summary>
    public bool TryAccept(IsoMessage signOnResponse)
    {
        ArgumentNullException.ThrowIfNull(signOnResponse);
        if (signOnResponse.GetString(WorkingKeyField.Field) is not { } field)
        {
            return false;
        }

        Span<byte> key = stackalloc byte[TerminalKeys.KeySize];
        try
        {
            if (!WorkingKeyField.TryUnwrap(field, _masterKey.Key, key, out var algorithm))
            {
                return false;
            }

            var mac = new MessageMac(algorithm, key, _codec);
            if (!mac.Verify(signOnResponse))
            {
                mac.Dispose();
                return false;
            }

            _mac?.Dispose();
            _mac = mac;
            WorkingKeyCheckValue = WorkingKeyField.CheckValue(algorithm, key);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // a key that deciphered into a weak one: not what the switch sent under this master key
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>MACs <paramref name="request"/> in field 64 or 128; false without a working key or when the dialect cannot encode it.</summary>
    public bool TrySign(IsoMessage request) => _mac is not null && _mac.TrySign(request);

    /// <summary>Whether <paramref name="response"/> carries a right MAC made with the working key.</summary>
    public bool Verify(IsoMessage response) => _mac is not null && _mac.Verify(response);

    public void Dispose() => _mac?.Dispose();
}
