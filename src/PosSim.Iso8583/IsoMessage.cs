using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using PosSim.Iso8583.Internal;

namespace PosSim.Iso8583;

/// <summary>
/// An ISO 8583 message: an MTI and up to 191 data elements (2 to 192), independent of any dialect.
/// Text fields hold their characters as ASCII bytes; binary fields hold raw bytes.
/// </summary>
/// <remarks>
/// Implementation note: values live in one growable byte buffer with an (offset, length) slot per field,
/// so decoding into a reused message allocates nothing once the buffer has grown to fit. Call
/// <see cref="Clear"/> (the codec does) to reuse a message. Not thread-safe.
/// </remarks>
public sealed partial class IsoMessage
{
    /// <summary>The highest field number a message can hold (with a tertiary bitmap).</summary>
    public const int MaxField = 192;

    private const int MtiSlot = 0;

    private readonly int[] _offsets = new int[MaxField + 1];
    private readonly int[] _lengths = new int[MaxField + 1];
    private byte[] _data;
    private int _used;
    private bool _hasMti;

    // Presence bits in wire order: word w holds fields 64w+1 .. 64w+64, field 64w+1 in the top bit.
    private ulong _present0;
    private ulong _present1;
    private ulong _present2;

    public IsoMessage()
        : this(512)
    {
    }

    public IsoMessage(int initialCapacity) => _data = new byte[Math.Max(64, initialCapacity)];

    /// <summary>Creates a message with the given MTI.</summary>
    public IsoMessage(string mti)
        : this() => Mti = mti;

    /// <summary>The message type indicator as four digits, or null when unset.</summary>
    public string? Mti
    {
        get => _hasMti ? Encoding.ASCII.GetString(MtiBytes) : null;
        set
        {
            if (value is null)
            {
                _hasMti = false;
                return;
            }

            if (value.Length != 4 || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                ThrowHelper.Argument($"An MTI is four digits, such as 0200; '{value}' is not.", nameof(value));
            }

            Span<byte> bytes = stackalloc byte[4];
            Encoding.ASCII.GetBytes(value, bytes);
            SetMti(bytes);
        }
    }

    /// <summary>The MTI's four ASCII digits, or empty when unset.</summary>
    public ReadOnlySpan<byte> MtiBytes => _hasMti ? _data.AsSpan(_offsets[MtiSlot], 4) : default;

    /// <summary>Number of data elements present (the MTI and bitmaps are not counted).</summary>
    public int FieldCount => BitOperations.PopCount(_present0) + BitOperations.PopCount(_present1) + BitOperations.PopCount(_present2);

    /// <summary>The present field numbers, ascending.</summary>
    public FieldEnumerator Fields => new(_present0, _present1, _present2);

    /// <summary>True when any field above 64 is present.</summary>
    public bool HasSecondaryFields => _present1 != 0 || _present2 != 0;

    /// <summary>True when any field above 128 is present.</summary>
    public bool HasTertiaryFields => _present2 != 0;

    /// <summary>Forgets the MTI and every field; keeps the buffer for reuse.</summary>
    public void Clear()
    {
        _used = 0;
        _hasMti = false;
        _present0 = _present1 = _present2 = 0;
    }

    public bool Has(int field) => unchecked((uint)(field - 1)) < MaxField && (Word(field) & Bit(field)) != 0;

    /// <summary>The value of <paramref name="field"/> (ASCII characters or raw bytes), or empty when absent.</summary>
    public ReadOnlySpan<byte> Get(int field) =>
        Has(field) ? _data.AsSpan(_offsets[field], _lengths[field]) : default;

    public bool TryGet(int field, out ReadOnlySpan<byte> value)
    {
        if (Has(field))
        {
            value = _data.AsSpan(_offsets[field], _lengths[field]);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The value as a string (ASCII characters; raw bytes of binary fields as Latin-1), or null when absent.</summary>
    public string? GetString(int field) => Has(field) ? Encoding.Latin1.GetString(Get(field)) : null;

    /// <summary>Sets a field to the given bytes: ASCII characters for text fields, raw bytes for binary ones.</summary>
    public void Set(int field, ReadOnlySpan<byte> value)
    {
        CheckDataField(field);
        value.CopyTo(Reserve(field, value.Length));
    }

    /// <summary>Sets a text field. Throws <see cref="ArgumentException"/> when the value is not ASCII.</summary>
    public void Set(int field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckDataField(field);
        var bad = value.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (bad >= 0)
        {
            ThrowHelper.NotAscii(field, bad);
        }

        Encoding.ASCII.GetBytes(value, Reserve(field, value.Length));
    }

    /// <summary>Sets a numeric field to <paramref name="value"/> as <paramref name="width"/> zero-padded digits.</summary>
    public void SetNumber(int field, long value, int width)
    {
        CheckDataField(field);
        if (value < 0)
        {
            ThrowHelper.Argument($"Field {field}: numeric fields carry no sign; {value} is negative.", nameof(value));
        }

        var dest = Reserve(field, width);
        for (var i = width - 1; i >= 0; i--)
        {
            dest[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        if (value != 0)
        {
            Remove(field);
            ThrowHelper.Argument($"Field {field}: the number does not fit in {width} digits.", nameof(value));
        }
    }

    /// <summary>Reads a numeric field as a number; false when absent, empty, longer than 18 digits or not all digits.</summary>
    public bool TryGetNumber(int field, out long value)
    {
        value = 0;
        if (!TryGet(field, out var digits) || digits.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var c in digits)
        {
            var d = c - '0';
            if (unchecked((uint)d) > 9)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    public bool Remove(int field)
    {
        if (!Has(field))
        {
            return false;
        }

        WordRef(field) &= ~Bit(field);
        return true;
    }

    /// <summary>Copies the MTI and every field into <paramref name="target"/>, replacing what it held.</summary>
    public void CopyTo(IsoMessage target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Clear();
        if (_hasMti)
        {
            target.SetMti(MtiBytes);
        }

        foreach (var field in Fields)
        {
            target.Set(field, Get(field));
        }
    }

    /// <summary>Copies the named fields that are present here into <paramref name="target"/> (for echoing request fields in a response).</summary>
    public void CopyFieldsTo(IsoMessage target, ReadOnlySpan<int> fields)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var field in fields)
        {
            if (TryGet(field, out var value))
            {
                target.Set(field, value);
            }
        }
    }

    /// <summary>True when both messages have the same MTI and the same fields with the same values.</summary>
    public bool ContentEquals(IsoMessage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_hasMti != other._hasMti || !MtiBytes.SequenceEqual(other.MtiBytes) ||
            _present0 != other._present0 || _present1 != other._present1 || _present2 != other._present2)
        {
            return false;
        }

        foreach (var field in Fields)
        {
            if (!Get(field).SequenceEqual(other.Get(field)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A readable one-line form for debugging. Field 2, 35 and 45 are masked.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("MTI=").Append(Mti ?? "----");
        foreach (var field in Fields)
        {
            sb.Append(' ').Append(field).Append('=');
            var text = GetString(field)!;
            sb.Append(Cards.Pan.IsSensitiveField(field) ? Cards.Pan.MaskField(field, text) : text);
        }

        return sb.ToString();
    }

    /// <summary>The value of a field known to be present (the codec iterates <see cref="Fields"/>).</summary>
    internal ReadOnlySpan<byte> ValueOf(int field) => _data.AsSpan(_offsets[field], _lengths[field]);

    /// <summary>Room for a field's value during decoding; presence is set for all fields at once by <see cref="SetPresence"/>.</summary>
    internal Span<byte> ReserveUnmarked(int field, int length) => ReserveRaw(field, length);

    internal void SetPresence(ulong w0, ulong w1, ulong w2)
    {
        _present0 = w0;
        _present1 = w1;
        _present2 = w2;
    }

    internal void SetMti(ReadOnlySpan<byte> fourDigits)
    {
        fourDigits.CopyTo(ReserveRaw(MtiSlot, 4));
        _hasMti = true;
    }

    /// <summary>Makes room for a field value at the end of the buffer, marks it present, and returns the space.</summary>
    internal Span<byte> Reserve(int field, int length)
    {
        var span = ReserveRaw(field, length);
        WordRef(field) |= Bit(field);
        return span;
    }

    private Span<byte> ReserveRaw(int slot, int length)
    {
        if (_data.Length - _used < length)
        {
            Grow(length);
        }

        _offsets[slot] = _used;
        _lengths[slot] = length;
        var span = _data.AsSpan(_used, length);
        _used += length;
        return span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(_data.Length * 2, _used + needed);
        Array.Resize(ref _data, size);
    }

    private static void CheckDataField(int field)
    {
        if (unchecked((uint)(field - 2)) > MaxField - 2)
        {
            ThrowHelper.FieldNumber(field, nameof(field));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bit(int field) => 1UL << (63 - ((field - 1) & 63));

    private ulong Word(int field) => ((field - 1) >> 6) switch
    {
        0 => _present0,
        1 => _present1,
        _ => _present2,
    };

    private ref ulong WordRef(int field)
    {
        switch ((field - 1) >> 6)
        {
            case 0: return ref _present0;
            case 1: return ref _present1;
            default: return ref _present2;
        }
    }

    internal ulong PresenceWord(int index) => index switch
    {
        0 => _present0,
        1 => _present1,
        _ => _present2,
    };

    /// <summary>Enumerates present field numbers in ascending order; allocation-free in a foreach.</summary>
    public struct FieldEnumerator : IEnumerable<int>, IEnumerator<int>
    {
        private ulong _w0;
        private ulong _w1;
        private ulong _w2;

        internal FieldEnumerator(ulong w0, ulong w1, ulong w2)
        {
            _w0 = w0;
            _w1 = w1;
            _w2 = w2;
            Current = 0;
        }

        public int Current { get; private set; }

        readonly object System.Collections.IEnumerator.Current => Current;

        public readonly FieldEnumerator GetEnumerator() => this;

        readonly IEnumerator<int> IEnumerable<int>.GetEnumerator() => this;

        readonly System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this;

        public readonly void Reset() => throw new NotSupportedException("Take a new enumerator from IsoMessage.Fields.");

        public readonly void Dispose()
        {
        }

        public bool MoveNext()
        {
            if (_w0 != 0)
            {
                Current = Take(ref _w0, 0);
                return true;
            }

            if (_w1 != 0)
            {
                Current = Take(ref _w1, 64);
                return true;
            }

            if (_w2 != 0)
            {
                Current = Take(ref _w2, 128);
                return true;
            }

            return false;
        }

        private static int Take(ref ulong word, int baseField)
        {
            var lz = BitOperations.LeadingZeroCount(word);
            word &= ~(1UL << (63 - lz));
            return baseField + lz + 1;
        }
    }
}
