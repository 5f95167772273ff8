using System.Buffers.Binary;
using System.Numerics;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

public sealed partial class IsoCodec
{
    /// <summary>
    /// Decodes one whole message into <paramref name="message"/> (cleared first). Never throws on bad bytes.
    /// On failure the message holds at most the MTI: no field is half-decoded.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> source, IsoMessage message, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        var pos = 0;
        if (!TryReadMti(source, ref pos, message, out var mti, out error))
        {
            return false;
        }

        if (!TryReadBitmap(source, ref pos, mti, out var w0, out error))
        {
            return false;
        }

        ulong w1 = 0, w2 = 0;
        if ((w0 & TopBit) != 0)
        {
            w0 &= ~TopBit;
            if (!TryReadBitmap(source, ref pos, mti, out w1, out error))
            {
                return false;
            }

            if (Dialect.TertiaryBitmap && (w1 & TopBit) != 0)
            {
                w1 &= ~TopBit;
                if (!TryReadBitmap(source, ref pos, mti, out w2, out error))
                {
                    return false;
                }
            }
        }

        if (!TryReadFields(source, ref pos, w0, 0, message, mti, out error) ||
            !TryReadFields(source, ref pos, w1, 64, message, mti, out error) ||
            !TryReadFields(source, ref pos, w2, 128, message, mti, out error))
        {
            return false;
        }

        if (pos != source.Length)
        {
            error = new IsoError(IsoErrorKind.TrailingBytes, LastField(w0, w1, w2), pos, Actual: source.Length - pos, Mti: mti);
            return false;
        }

        message.SetPresence(w0, w1, w2);
        error = default;
        return true;
    }

    private bool TryReadMti(ReadOnlySpan<byte> source, ref int pos, IsoMessage message, out int mti, out IsoError error)
    {
        mti = -1;
        if (source.Length < _mtiByteCount)
        {
            error = new IsoError(IsoErrorKind.Truncated, 0, 0, _mtiByteCount, source.Length);
            return false;
        }

        Span<byte> digits = stackalloc byte[4];
        var raw = source[.._mtiByteCount];
        int bad;
        switch (Dialect.MtiEncoding)
        {
            case ValueEncoding.Bcd:
                bad = Bcd.Unpack(raw, digits, rightJustified: true, track2: false);
                if (bad >= 0)
                {
                    error = new IsoError(IsoErrorKind.InvalidBcd, 0, bad, Actual: raw[bad]);
                    return false;
                }

                break;
            case ValueEncoding.Ebcdic:
                bad = Ebcdic.ToAscii(raw, digits);
                if (bad >= 0)
                {
                    error = new IsoError(IsoErrorKind.InvalidMti, 0, bad, Actual: raw[bad]);
                    return false;
                }

                break;
            default:
                raw.CopyTo(digits);
                break;
        }

        bad = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (bad >= 0)
        {
            error = new IsoError(IsoErrorKind.InvalidMti, 0, Dialect.MtiEncoding == ValueEncoding.Bcd ? bad / 2 : bad, Actual: raw[Dialect.MtiEncoding == ValueEncoding.Bcd ? bad / 2 : bad]);
            return false;
        }

        mti = ((digits[0] - '0') * 1000) + ((digits[1] - '0') * 100) + ((digits[2] - '0') * 10) + (digits[3] - '0');
        message.SetMti(digits);
        pos = _mtiByteCount;
        error = default;
        return true;
    }

    private bool TryReadBitmap(ReadOnlySpan<byte> source, ref int pos, int mti, out ulong bitmap, out IsoError error)
    {
        bitmap = 0;
        var size = Dialect.BitmapByteCount;
        if (source.Length - pos < size)
        {
            error = new IsoError(IsoErrorKind.Truncated, 1, pos, size, source.Length - pos, mti);
            return false;
        }

        if (Dialect.BitmapEncoding == ValueEncoding.Hex)
        {
            if (!Hex.TryReadUInt64(source.Slice(pos, 16), out bitmap, out var bad))
            {
                error = new IsoError(IsoErrorKind.InvalidHex, 1, pos + bad, Actual: source[pos + bad], Mti: mti);
                return false;
            }
        }
        else
        {
            bitmap = BinaryPrimitives.ReadUInt64BigEndian(source.Slice(pos, 8));
        }

        pos += size;
        error = default;
        return true;
    }

    private bool TryReadFields(ReadOnlySpan<byte> source, ref int pos, ulong bits, int baseField, IsoMessage message, int mti, out IsoError error)
    {
        while (bits != 0)
        {
            var lz = BitOperations.LeadingZeroCount(bits);
            bits &= ~(1UL << (63 - lz));
            var field = baseField + lz + 1;
            var spec = _fields[field];
            if (spec is null)
            {
                error = new IsoError(IsoErrorKind.FieldNotInDialect, field, pos, Mti: mti);
                return false;
            }

            if (!TryReadField(spec, source, ref pos, message, mti, out error))
            {
                return false;
            }
        }

        error = default;
        return true;
    }

    private static bool TryReadField(FieldSpec spec, ReadOnlySpan<byte> source, ref int pos, IsoMessage message, int mti, out IsoError error)
    {
        var field = spec.Number;
        var length = spec.MaxLength;
        if (spec.PrefixDigits != 0)
        {
            if (!TryReadPrefix(spec, source, ref pos, mti, out length, out error))
            {
                return false;
            }

            if (length > spec.MaxLength)
            {
                error = new IsoError(IsoErrorKind.LengthExceedsMaximum, field, pos - spec.PrefixByteCount, spec.MaxLength, length, mti);
                return false;
            }
        }

        var byteCount = spec.ContentByteCount(length);
        if (source.Length - pos < byteCount)
        {
            error = new IsoError(IsoErrorKind.Truncated, field, pos, byteCount, source.Length - pos, mti);
            return false;
        }

        var raw = source.Slice(pos, byteCount);
        var value = message.ReserveUnmarked(field, length);
        int bad;
        switch (spec.Encoding)
        {
            case ValueEncoding.Ascii:
            case ValueEncoding.Binary:
                raw.CopyTo(value);
                break;
            case ValueEncoding.Hex:
                bad = Hex.Decode(raw, value);
                if (bad >= 0)
                {
                    return Fail(out error, IsoErrorKind.InvalidHex, field, pos + bad, raw[bad], mti);
                }

                break;
            case ValueEncoding.Ebcdic:
                bad = Ebcdic.ToAscii(raw, value);
                if (bad >= 0)
                {
                    return Fail(out error, IsoErrorKind.InvalidEbcdic, field, pos + bad, raw[bad], mti);
                }

                break;
            default: // Bcd
                bad = spec.Type == FieldType.SignedAmount && length > 0
                    ? UnpackSignedAmount(raw, value, spec.Justification)
                    : Bcd.Unpack(raw, value, spec.Justification == Justification.Right, spec.Type == FieldType.Track2);
                if (bad >= 0)
                {
                    return Fail(out error, IsoErrorKind.InvalidBcd, field, pos + bad, raw[bad], mti);
                }

                break;
        }

        bad = Charsets.IndexOfInvalid(spec.Type, spec.Allowed, value);
        if (bad >= 0)
        {
            // Map the character index back to a wire offset.
            var offset = spec.Encoding switch
            {
                ValueEncoding.Bcd => spec.Type == FieldType.SignedAmount && bad > 0 ? 1 + ((bad - 1) / 2) : bad / 2,
                _ => bad,
            };
            error = new IsoError(IsoErrorKind.InvalidCharacter, field, pos + offset, (int)spec.Type, value[bad], mti);
            return false;
        }

        pos += byteCount;
        error = default;
        return true;
    }

    private static int UnpackSignedAmount(ReadOnlySpan<byte> raw, Span<byte> value, Justification justification)
    {
        value[0] = raw[0]; // the C/D indicator travels as one ASCII byte ahead of the BCD digits
        var bad = Bcd.Unpack(raw[1..], value[1..], justification == Justification.Right, track2: false);
        return bad < 0 ? -1 : bad + 1;
    }

    private static bool TryReadPrefix(FieldSpec spec, ReadOnlySpan<byte> source, ref int pos, int mti, out int length, out IsoError error)
    {
        length = 0;
        var field = spec.Number;
        var size = spec.PrefixByteCount;
        if (source.Length - pos < size)
        {
            error = new IsoError(IsoErrorKind.Truncated, field, pos, size, source.Length - pos, mti);
            return false;
        }

        var raw = source.Slice(pos, size);
        switch (spec.PrefixEncoding)
        {
            case ValueEncoding.Binary:
                length = size == 1 ? raw[0] : BinaryPrimitives.ReadUInt16BigEndian(raw);
                break;
            case ValueEncoding.Bcd:
                if (!Bcd.TryReadNumber(raw, spec.PrefixDigits, out length))
                {
                    var at = Bcd.Unpack(raw, stackalloc byte[spec.PrefixDigits], true, false);
                    at = at < 0 ? 0 : at;
                    error = new IsoError(IsoErrorKind.InvalidLengthPrefix, field, pos + at, Actual: raw[at], Mti: mti);
                    return false;
                }

                break;
            default:
                var zero = spec.PrefixEncoding == ValueEncoding.Ebcdic ? 0xF0 : '0';
                for (var i = 0; i < size; i++)
                {
                    var d = raw[i] - zero;
                    if (unchecked((uint)d) > 9)
                    {
                        error = new IsoError(IsoErrorKind.InvalidLengthPrefix, field, pos + i, Actual: raw[i], Mti: mti);
                        return false;
                    }

                    length = (length * 10) + d;
                }

                break;
        }

        pos += size;
        error = default;
        return true;
    }

    private static bool Fail(out IsoError error, IsoErrorKind kind, int field, int offset, byte actual, int mti)
    {
        error = new IsoError(kind, field, offset, Actual: actual, Mti: mti);
        return false;
    }

    private static int LastField(ulong w0, ulong w1, ulong w2) =>
        w2 != 0 ? 128 + 64 - BitOperations.TrailingZeroCount(w2)
        : w1 != 0 ? 64 + 64 - BitOperations.TrailingZeroCount(w1)
        : w0 != 0 ? 64 - BitOperations.TrailingZeroCount(w0)
        : 1;
}
