using System.Buffers.Binary;
using System.Numerics;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

public sealed partial class IsoCodec
{
    /// <summary>
    /// Decodes one whole message into <paramref name="message"/> (cleared first). Never throws on bad bytes.
    /// On failure <paramref name="error"/> is the first problem, and the message keeps the MTI and every field
    /// that decoded cleanly: reading goes on past a field with a bad character (its extent is known) and stops
    /// at a structural problem (truncation, a bad length, an undefined field). A server answers 30 from these.
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

        // Fields that decoded cleanly; on failure the message keeps these (a server answers 30 from them).
        Span<ulong> good = [w0, w1, w2];
        error = default;
        var intact = TryReadFields(source, ref pos, w0, 0, message, mti, ref good[0], ref error);
        intact = intact ? TryReadFields(source, ref pos, w1, 64, message, mti, ref good[1], ref error) : (good[1] = 0) != 0;
        intact = intact ? TryReadFields(source, ref pos, w2, 128, message, mti, ref good[2], ref error) : (good[2] = 0) != 0;
        if (intact && !error.IsError && pos != source.Length)
        {
            error = new IsoError(IsoErrorKind.TrailingBytes, LastField(w0, w1, w2), pos, Actual: source.Length - pos, Mti: mti);
        }

        message.SetPresence(good[0], good[1], good[2]);
        return !error.IsError;
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

    /// <summary>
    /// Reads the fields of one bitmap word. A content error (a bad character in a field whose extent is known)
    /// is recorded as the first error and the field dropped from <paramref name="good"/>, and reading goes on;
    /// a structural error (the extent of a field is unknown) stops it, dropping that field and all after it.
    /// Returns false when reading must stop.
    /// </summary>
    private bool TryReadFields(ReadOnlySpan<byte> source, ref int pos, ulong bits, int baseField, IsoMessage message, int mti, ref ulong good, ref IsoError error)
    {
        while (bits != 0)
        {
            var lz = BitOperations.LeadingZeroCount(bits);
            var bit = 1UL << (63 - lz);
            bits &= ~bit;
            var field = baseField + lz + 1;
            var spec = _fields[field];
            IsoError fieldError;
            if (spec is null)
            {
                fieldError = new IsoError(IsoErrorKind.FieldNotInDialect, field, pos, Mti: mti);
            }
            else if (TryReadField(spec, source, ref pos, message, mti, out fieldError))
            {
                continue;
            }

            if (!error.IsError)
            {
                error = fieldError;
            }

            if (fieldError.Kind is IsoErrorKind.InvalidCharacter or IsoErrorKind.InvalidBcd or IsoErrorKind.InvalidHex or IsoErrorKind.InvalidEbcdic)
            {
                good &= ~bit;
                continue;
            }

            good &= ~(bit | (bit - 1)); // this field and every later one in the word
            return false;
        }

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
                    return Fail(out error, IsoErrorKind.InvalidHex, field, ref pos, byteCount, bad, raw[bad], mti);
                }

                break;
            case ValueEncoding.Ebcdic:
                bad = Ebcdic.ToAscii(raw, value);
                if (bad >= 0)
                {
                    return Fail(out error, IsoErrorKind.InvalidEbcdic, field, ref pos, byteCount, bad, raw[bad], mti);
                }

                break;
            default: // Bcd
                bad = spec.Type == FieldType.SignedAmount && length > 0
                    ? UnpackSignedAmount(raw, value, spec.Justification)
                    : Bcd.Unpack(raw, value, spec.Justification == Justification.Right, spec.Type == FieldType.Track2);
                if (bad >= 0)
                {
                    return Fail(out error, IsoErrorKind.InvalidBcd, field, ref pos, byteCount, bad, raw[bad], mti);
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
            pos += byteCount; // the field's extent is known: skip it so the fields after it can still be read
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

    /// <summary>A content error: report it at the bad byte and step over the field, whose extent is known.</summary>
    private static bool Fail(out IsoError error, IsoErrorKind kind, int field, ref int pos, int byteCount, int badIndex, byte actual, int mti)
    {
        error = new IsoError(kind, field, pos + badIndex, Actual: actual, Mti: mti);
        pos += byteCount;
        return false;
    }

    private static int LastField(ulong w0, ulong w1, ulong w2) =>
        w2 != 0 ? 128 + 64 - BitOperations.TrailingZeroCount(w2)
        : w1 != 0 ? 64 + 64 - BitOperations.TrailingZeroCount(w1)
        : w0 != 0 ? 64 - BitOperations.TrailingZeroCount(w0)
        : 1;
}
