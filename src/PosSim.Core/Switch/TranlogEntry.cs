namespace PosSim.Core.Switch;

/// <summary>The kinds of financial request the tranlog records (the `kind` column of transactions.csv).</summary>
public enum TransactionKind
{
    Purchase,
    Refund,
    Reversal,
    Void,
}

/// <summary>What became of a terminal's advice (0220) at the issuer.</summary>
public enum AdviceOutcome
{
    /// <summary>Not an advice: authorised online, or not a purchase.</summary>
    None,

    /// <summary>Booked by the switch and queued for the issuer, which has not answered yet.</summary>
    Pending,

    /// <summary>The issuer answered 00: it holds an authorisation for it, and clearing can post it.</summary>
    Accepted,

    /// <summary>The issuer answered something else: no authorisation stands behind it.</summary>
    Refused,

    /// <summary>The advice ran out of tries and was parked: the issuer never heard of it.</summary>
    Undelivered,
}

/// <summary>Where a request stands at the switch.</summary>
public enum TransactionStatus
{
    /// <summary>Forwarded to the issuer; no answer yet.</summary>
    InFlight,

    /// <summary>Answered; <see cref="TranlogEntry.ResponseCode"/> says how.</summary>
    Answered,

    /// <summary>The issuer did not answer in time; the terminal got 91 and a reversal was queued.</summary>
    TimedOut,
}

/// <summary>
/// One row of the switch's transaction log: a financial request and its outcome. The PAN is kept only
/// masked (for people) and as a keyed hash (for matching).
/// </summary>
public sealed class TranlogEntry
{
    public required long TxnId { get; init; }

    public required TransactionKind Kind { get; init; }

    public required string Rrn { get; init; }

    public required int Stan { get; init; }

    public required string TerminalId { get; init; }

    public required string MerchantId { get; init; }

    /// <summary>card or qr.</summary>
    public string Channel { get; init; } = InterchangeFiles.Channels.Card;

    public required string PanMasked { get; init; }

    public required string PanHash { get; init; }

    public required long AmountMinor { get; init; }

    public required Currency Currency { get; init; }

    /// <summary>Field 7 of the request, MMDDhhmmss: with terminal and STAN it names the request in field 90 of a reversal.</summary>
    public required string TransmissionDateTime { get; init; }

    public required DateOnly BusinessDate { get; init; }

    /// <summary>When the switch received the request, acquirer local time.</summary>
    public required DateTime LocalTime { get; init; }

    public required int BatchNumber { get; init; }

    /// <summary>For refunds, voids and reversals: the RRN of the transaction they refer to.</summary>
    public string? OriginalRrn { get; init; }

    public TransactionStatus Status { get; internal set; }

    /// <summary>What the terminal was told (00 approved); empty while in flight.</summary>
    public string ResponseCode { get; internal set; } = "";

    public string AuthCode { get; internal set; } = "";

    /// <summary>An issuer answer that came after the switch gave up waiting; kept, never dropped.</summary>
    public string? LateIssuerResponseCode { get; internal set; }

    /// <summary>The RRN of the approved reversal or void that cancelled this transaction, if any.</summary>
    public string? CancelledBy { get; internal set; }

    /// <summary>
    /// For a purchase the terminal approved offline and advised (0220): what the issuer made of the advice. None for
    /// anything the issuer authorised online. Clearing presents an advice only once the issuer accepted it, unless a
    /// declared stand-in policy pays without (docs/switch.md, "Who may say what").
    /// </summary>
    public AdviceOutcome Advice { get; internal set; }

    public bool IsApproved => Status == TransactionStatus.Answered && ResponseCode == Iso8583.ResponseCodes.Approved;

    /// <summary>Approved and not cancelled: money the merchant is owed (or owes, for a refund).</summary>
    public bool IsLive => IsApproved && CancelledBy is null && Kind is TransactionKind.Purchase or TransactionKind.Refund;
}
