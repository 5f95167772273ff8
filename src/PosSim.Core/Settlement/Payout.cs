namespace PosSim.Core.Settlement;

public enum PayoutStatus
{
    /// <summary>The merchant's bank took it: it is on the statement.</summary>
    Paid,

    /// <summary>The merchant's bank sent it back; it waits to be re-issued once the account is corrected.</summary>
    Bounced,
}

/// <summary>One attempt to pay a payout, and how it went.</summary>
public sealed record PayoutAttempt(DateOnly Date, bool Accepted, string Outcome);

/// <summary>
/// A payout instruction: the settlement rows of one merchant paid together on one value date, net of fees.
/// A bounced payout keeps its id when it is re-issued; its value date becomes the day it was finally paid.
/// </summary>
public sealed class Payout
{
    private readonly List<SettlementDetail> _details = [];
    private readonly List<PayoutAttempt> _attempts = [];

    internal Payout(string payoutId, string merchantId, DateOnly valueDate, long sequence)
    {
        PayoutId = payoutId;
        MerchantId = merchantId;
        ValueDate = valueDate;
        FirstValueDate = valueDate;
        Sequence = sequence;
    }

    public string PayoutId { get; }

    public string MerchantId { get; }

    /// <summary>The value date of its settlement rows: when it was paid, or when it was last tried while bounced.</summary>
    public DateOnly ValueDate { get; internal set; }

    /// <summary>The value date it was first issued for.</summary>
    public DateOnly FirstValueDate { get; }

    public PayoutStatus Status { get; internal set; }

    /// <summary>Sum of the rows' gross: purchases less refunds.</summary>
    public long GrossMinor { get; private set; }

    public long FeeMinor { get; private set; }

    /// <summary>What the merchant receives (negative: what the merchant pays back).</summary>
    public long NetMinor { get; private set; }

    public IReadOnlyList<SettlementDetail> Details => _details;

    public IReadOnlyList<PayoutAttempt> Attempts => _attempts;

    internal long Sequence { get; }

    internal void Add(SettlementDetail detail)
    {
        _details.Add(detail);
        GrossMinor = checked(GrossMinor + detail.GrossMinor);
        FeeMinor = checked(FeeMinor + detail.FeeMinor);
        NetMinor = checked(NetMinor + detail.NetMinor);
    }

    /// <summary>Takes a row out of a payout not yet paid (a support case gave that money back to the cardholder).</summary>
    internal void Remove(SettlementDetail detail)
    {
        if (!_details.Remove(detail))
        {
            return;
        }

        GrossMinor = checked(GrossMinor - detail.GrossMinor);
        FeeMinor = checked(FeeMinor - detail.FeeMinor);
        NetMinor = checked(NetMinor - detail.NetMinor);
    }

    internal void Attempted(DateOnly date, bool accepted, string outcome)
    {
        _attempts.Add(new PayoutAttempt(date, accepted, outcome));
        ValueDate = date;
        Status = accepted ? PayoutStatus.Paid : PayoutStatus.Bounced;
    }
}

/// <summary>
/// One row of settlements.csv: a cleared transaction and the payout it was paid in. Its value date is the
/// payout's, so re-issuing a bounced payout moves its rows with it.
/// </summary>
public sealed class SettlementDetail
{
    internal SettlementDetail(Payout payout, ClearingRecord record, long feeMinor)
    {
        Payout = payout;
        Record = record;
        GrossMinor = record.GrossMinor;
        FeeMinor = feeMinor;
        NetMinor = checked(GrossMinor - feeMinor);
    }

    public Payout Payout { get; }

    public ClearingRecord Record { get; }

    public string PayoutId => Payout.PayoutId;

    public string ClearingId => Record.ClearingId;

    public string Rrn => Record.Rrn;

    public string TerminalId => Record.TerminalId;

    public string MerchantId => Record.MerchantId;

    /// <summary>Positive for a purchase, negative for a refund.</summary>
    public long GrossMinor { get; }

    public long FeeMinor { get; }

    /// <summary>Gross less fee.</summary>
    public long NetMinor { get; }

    public DateOnly ValueDate => Payout.ValueDate;
}
