namespace PosSim.Iso8583;

/// <summary>Typed accessors for the fields the switch reads on every message.</summary>
public sealed partial class IsoMessage
{
    public const int FieldPan = 2;
    public const int FieldProcessingCode = 3;
    public const int FieldAmount = 4;
    public const int FieldTransmissionDateTime = 7;
    public const int FieldStan = 11;
    public const int FieldLocalTime = 12;
    public const int FieldLocalDate = 13;
    public const int FieldExpiry = 14;
    public const int FieldRrn = 37;
    public const int FieldAuthCode = 38;
    public const int FieldResponseCode = 39;
    public const int FieldTerminalId = 41;
    public const int FieldMerchantId = 42;
    public const int FieldCurrency = 49;
    public const int FieldNetworkCode = 70;
    public const int FieldOriginalData = 90;

    /// <summary>DE4 as minor units, or null when absent or not a number.</summary>
    public long? AmountMinor
    {
        get => TryGetNumber(FieldAmount, out var v) ? v : null;
        set => SetOrRemove(FieldAmount, value, 12);
    }

    /// <summary>DE11, the system trace audit number, or null.</summary>
    public int? Stan
    {
        get => TryGetNumber(FieldStan, out var v) && v <= int.MaxValue ? (int)v : null;
        set => SetOrRemove(FieldStan, value, 6);
    }

    /// <summary>DE2 in clear. Never log it: use <see cref="Cards.Pan.Mask(string)"/>.</summary>
    public string? Pan
    {
        get => GetString(FieldPan);
        set => SetOrRemove(FieldPan, value);
    }

    public string? ProcessingCode
    {
        get => GetString(FieldProcessingCode);
        set => SetOrRemove(FieldProcessingCode, value);
    }

    public string? Rrn
    {
        get => GetString(FieldRrn);
        set => SetOrRemove(FieldRrn, value);
    }

    public string? AuthCode
    {
        get => GetString(FieldAuthCode);
        set => SetOrRemove(FieldAuthCode, value);
    }

    public string? ResponseCode
    {
        get => GetString(FieldResponseCode);
        set => SetOrRemove(FieldResponseCode, value);
    }

    public string? TerminalId
    {
        get => GetString(FieldTerminalId);
        set => SetOrRemove(FieldTerminalId, value);
    }

    public string? MerchantId
    {
        get => GetString(FieldMerchantId);
        set => SetOrRemove(FieldMerchantId, value);
    }

    /// <summary>DE49, the ISO 4217 numeric currency code such as 156.</summary>
    public string? CurrencyCode
    {
        get => GetString(FieldCurrency);
        set => SetOrRemove(FieldCurrency, value);
    }

    /// <summary>True when the MTI's third digit says this is a response (x110, x210, x410 ...).</summary>
    public bool IsResponse => MtiBytes.Length == 4 && ((MtiBytes[2] - '0') & 1) == 1;

    /// <summary>True when the value of <paramref name="field"/> equals the ASCII text given.</summary>
    public bool FieldEquals(int field, ReadOnlySpan<byte> ascii) => TryGet(field, out var v) && v.SequenceEqual(ascii);

    private void SetOrRemove(int field, long? value, int width)
    {
        if (value is { } v)
        {
            SetNumber(field, v, width);
        }
        else
        {
            Remove(field);
        }
    }

    private void SetOrRemove(int field, string? value)
    {
        if (value is null)
        {
            Remove(field);
        }
        else
        {
            Set(field, value);
        }
    }
}
