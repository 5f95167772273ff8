using System.Buffers;
using System.Buffers.Binary;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

public sealed partial class IsoCodec
{
    /// <summary>
    /// The exact number of bytes <paramref name="message"/> encodes to, checking on the way that it has an MTI,
    /// that every field is defined by the dialect, and that every length fits its field.
    /// </summary>
    public bool TryGetEncodedLength(IsoMessage message, out int length, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        length = 0;
        if (message.MtiBytes.Length != 4)
        {
            error = new IsoError(IsoErrorKind.MissingMti, 0, 0);
            return false;
        }

        var mti = MtiNumber(message.MtiBytes);
        var size = _mtiByteCount + BitmapCount(message) * Dialect.BitmapByteCount;
        foreach (var field in message.Fields)
        {
            if (field == 65 && Dialect.TertiaryBitmap)
            {
                error = new IsoError(IsoErrorKind.ReservedField, field, size, Mti: mti);
                return false;
            }

            var spec = _fields[field];
            if (spec is null)
            {
                error = new IsoError(IsoErrorKind.FieldNotInDialect, field, size, Mti: mti);
                return false;
            }

            var valueLength = message.ValueOf(field).Length;
            if (!CheckLength(spec, valueLength, size, mti, out error))
            {
                return false;
            }

            size += spec.PrefixByteCount + spec.ContentByteCount(spec.IsFixed ? spec.MaxLength : valueLength);
        }

        length = size;
        error = default;
        return true;
    }

    private static bool CheckLength(FieldSpec spec, int valueLength, int offset, int mti, out IsoError error)
    {
        if (spec.IsFixed)
        {
            if (valueLength > spec.MaxLength || (valueLength < spec.MaxLength && spec.PadByte is null))
            {
                error = new IsoError(IsoErrorKind.WrongLength, spec.Number, offset, spec.MaxLength, valueLength, mti);
                return false;
            }
        }
        else if (valueLength > spec.MaxLength)
        {
            error = new IsoError(IsoErrorKind.LengthExceedsMaximum, spec.Number, offset, spec.MaxLength, valueLength, mti);
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>Writes the message; the destination is exactly the length measured by <see cref="TryGetEncodedLength"/>.</summary>
    internal bool TryEncodeMeasured(IsoMessage message, Span<byte> destination, out IsoError error) =>
        TryEncodeCore(message, destination, out error);

    private bool TryEncodeCore(IsoMessage message, Span<byte> destination, out IsoError error)
    {
        var mti = MtiNumber(message.MtiBytes);
        var pos = WriteMti(message.MtiBytes, destination);

        var bitmaps = BitmapCount(message);
        var w0 = message.PresenceWord(0) | (bitmaps > 1 ? TopBit : 0);
        var w1 = message.PresenceWord(1) | (bitmaps > 2 ? TopBit : 0);
        pos += WriteBitmap(w0, destination[pos..]);
        if (bitmaps > 1)
        {
            pos += WriteBitmap(w1, destination[pos..]);
        }

        if (bitmaps > 2)
        {
            pos += WriteBitmap(message.PresenceWord(2), destination[pos..]);
        }

        foreach (var field in message.Fields)
        {
            if (!TryWriteField(_fields[field]!, message.ValueOf(field), destination, ref pos, mti, out error))
            {
                return false;
            }
        }

        error = default;
        return true;
    }

    private static bool TryWriteField(FieldSpec spec, ReadOnlySpan<byte> value, Span<byte> destination, ref int pos, int mti, out IsoError error)
    {
        var bad = Charsets.IndexOfInvalid(spec.Type, spec.Allowed, value);
        if (bad >= 0)
        {
            error = new IsoError(IsoErrorKind.InvalidCharacter, spec.Number, pos, (int)spec.Type, value[bad], mti);
            return false;
        }

        if (spec.PrefixDigits != 0)
        {
            WritePrefix(spec, value.Length, destination.Slice(pos, spec.PrefixByteCount));
            pos += spec.PrefixByteCount;
        }

        var padCount = spec.IsFixed ? spec.MaxLength - value.Length : 0;
        if (padCount > 0)
        {
            // Rare path: a short fixed value is padded as the dialect says before it is written.
            var padded = ArrayPool<byte>.Shared.Rent(spec.MaxLength);
            try
            {
                var full = padded.AsSpan(0, spec.MaxLength);
                var left = spec.Justification == Justification.Right;
                full.Slice(left ? 0 : value.Length, padCount).Fill(spec.PadByte!.Value);
                value.CopyTo(full[(left ? padCount : 0)..]);
                pos += WriteContent(spec, full, destination[pos..]);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(padded);
            }
        }
        else
        {
            pos += WriteContent(spec, value, destination[pos..]);
        }

        error = default;
        return true;
    }

    private static int WriteContent(FieldSpec spec, ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var count = spec.ContentByteCount(value.Length);
        var target = destination[..count];
        switch (spec.Encoding)
        {
            case ValueEncoding.Ascii:
            case ValueEncoding.Binary:
                value.CopyTo(target);
                break;
            case ValueEncoding.Hex:
                Hex.Encode(value, target);
                break;
            case ValueEncoding.Ebcdic:
                Ebcdic.FromAscii(value, target);
                break;
            default: // Bcd
                if (spec.Type == FieldType.SignedAmount && value.Length > 0)
                {
                    target[0] = value[0];
                    Bcd.Pack(value[1..], target[1..], spec.Justification == Justification.Right);
                }
                else
                {
                    Bcd.Pack(value, target, spec.Justification == Justification.Right);
                }

                break;
        }

        return count;
    }

    private static void WritePrefix(FieldSpec spec, int length, Span<byte> destination)
    {
        switch (spec.PrefixEncoding)
        {
            case ValueEncoding.Binary:
                if (destination.Length == 1)
                {
                    destination[0] = (byte)length;
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
                }

                break;
            case ValueEncoding.Bcd:
                Bcd.WriteNumber(length, spec.PrefixDigits, destination);
                break;
            default:
                var zero = spec.PrefixEncoding == ValueEncoding.Ebcdic ? 0xF0 : '0';
                for (var i = destination.Length - 1; i >= 0; i--)
                {
                    destination[i] = (byte)(zero + (length % 10));
                    length /= 10;
                }

                break;
        }
    }

    private int WriteMti(ReadOnlySpan<byte> digits, Span<byte> destination)
    {
        switch (Dialect.MtiEncoding)
        {
            case ValueEncoding.Bcd:
                Bcd.Pack(digits, destination, rightJustified: true);
                return 2;
            case ValueEncoding.Ebcdic:
                Ebcdic.FromAscii(digits, destination);
                return 4;
            default:
                digits.CopyTo(destination);
                return 4;
        }
    }

    private int WriteBitmap(ulong bitmap, Span<byte> destination)
    {
        if (Dialect.BitmapEncoding == ValueEncoding.Hex)
        {
            Hex.WriteUInt64(bitmap, destination);
            return 16;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, bitmap);
        return 8;
    }

    /// <summary>
    /// Where <paramref name="field"/> starts (or would start) when <paramref name="message"/> is encoded,
    /// counting the fields before it as they are now. Used to place errors found before encoding.
    /// </summary>
    internal int OffsetOfField(IsoMessage message, int field)
    {
        var bitmaps = message.HasTertiaryFields || field > 128 ? 3 : message.HasSecondaryFields || field > 64 ? 2 : 1;
        var offset = _mtiByteCount + (bitmaps * Dialect.BitmapByteCount);
        foreach (var present in message.Fields)
        {
            if (present >= field)
            {
                break;
            }

            if (_fields[present] is { } spec)
            {
                var length = message.Get(present).Length;
                offset += spec.PrefixByteCount + spec.ContentByteCount(spec.IsFixed ? spec.MaxLength : Math.Min(length, spec.MaxLength));
            }
        }

        return offset;
    }

    /// <summary>1, 2 or 3: a secondary bitmap only when a field above 64 is set, a tertiary only above 128.</summary>
    private static int BitmapCount(IsoMessage message) =>
        message.HasTertiaryFields ? 3 : message.HasSecondaryFields ? 2 : 1;

    private static int MtiNumber(ReadOnlySpan<byte> digits) =>
        ((digits[0] - '0') * 1000) + ((digits[1] - '0') * 100) + ((digits[2] - '0') * 10) + (digits[3] - '0');
}
