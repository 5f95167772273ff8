namespace PosSim.Core.Settlement;

/// <summary>The kinds of presentment (the `kind` column of clearing.csv).</summary>
public enum ClearingKind
{
    Purchase,
    Refund,
}

/// <summary>
/// One presentment the acquirer sent for settlement: a row of clearing.csv, plus what settlement needs from the
/// switch log (channel for the fee rate, local time for the instant window, the log's id for tracing).
/// </summary>
public sealed record ClearingRecord
{
    public required string ClearingId { get; init; }

    public required ClearingKind Kind { get; init; }

    public required string Rrn { get; init; }

    public required string TerminalId { get; init; }

    public required string MerchantId { get; init; }

    public required string AuthCode { get; init; }

    /// <summary>The amount presented (positive, for refunds too); the approved amount unless a fault altered it.</summary>
    public required long AmountMinor { get; init; }

    /// <summary>ISO 4217 numeric, as the switch logged it.</summary>
    public required Currency Currency { get; init; }

    public required DateOnly BusinessDate { get; init; }

    /// <summary>The date of the cut-over that presented it.</summary>
    public required DateOnly ClearingDate { get; init; }

    /// <summary>card or qr.</summary>
    public required string Channel { get; init; }

    /// <summary>When the switch received the request, acquirer local time.</summary>
    public required DateTime LocalTime { get; init; }

    /// <summary>The switch log entry presented.</summary>
    public required long TxnId { get; init; }

    /// <summary>For a refund: the RRN of the purchase it gives back (same terminal).</summary>
    public string? OriginalRrn { get; init; }

    /// <summary>
    /// Presented under the stand-in policy: an offline approval (0220) no issuer authorised, paid at the acquirer's
    /// risk. Written to clearing.csv's optional `authorisation` column as `stand-in`.
    /// </summary>
    public bool StandIn { get; init; }

    /// <summary>Signed as settlement counts it: positive for a purchase, negative for a refund.</summary>
    public long GrossMinor => Kind == ClearingKind.Purchase ? AmountMinor : checked(-AmountMinor);
}
