using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Simulation.Runs;

internal enum ActionKind
{
    SignOn,
    Purchase,
    Refund,
    Void,

    /// <summary>The customer cancels a sale the terminal just approved: an 0400 for it.</summary>
    CancelReversal,

    /// <summary>The terminal reverses a sale of an earlier day (a late reversal fault).</summary>
    LateReversal,

    /// <summary>No answer came: the terminal shows "declined" and reverses what it sent, in case it went through.</summary>
    TimeoutReversal,
    BatchClose,
}

/// <summary>Something a terminal is asked to do; queued while it is busy with an earlier request.</summary>
internal sealed class TerminalAction
{
    public required ActionKind Kind { get; init; }

    public long AmountMinor { get; init; }

    public int Card { get; init; }

    public bool Qr { get; init; }

    /// <summary>For refunds, voids and reversals: the sale they refer to.</summary>
    public Sale? Original { get; init; }

    /// <summary>For planned transactions: the name later ones refer to.</summary>
    public string? PlannedName { get; init; }

    /// <summary>For planned refunds, voids and reversals: the planned sale's name, resolved when it runs.</summary>
    public string? PlannedRef { get; init; }
}

/// <summary>
/// What a terminal remembers of a financial request it sent: enough to write it again for a reversal, so the
/// simulation keeps a few fields per sale instead of every message.
/// </summary>
internal readonly record struct SentRequest(string TransactionType, int Card, long AmountMinor, DateTimeOffset SentAt, int Stan, bool Qr, string? OriginalRrn);

/// <summary>A sale as the terminal remembers it (what its receipt says).</summary>
internal sealed class Sale
{
    public required int Nth { get; init; }

    public required SentRequest Sent { get; init; }

    public required long AmountMinor { get; init; }

    public required int Card { get; init; }

    public required bool Qr { get; init; }

    public required DateOnly BusinessDate { get; init; }

    public required int Batch { get; init; }

    /// <summary>From the 0210; null when the terminal never saw an approval.</summary>
    public string? Rrn { get; set; }

    public long Refunded { get; set; }

    public bool Cancelled { get; set; }
}

/// <summary>The request a terminal waits on.</summary>
internal sealed class PendingRequest
{
    public required TerminalAction Action { get; init; }

    /// <summary>The STAN the answer must carry.</summary>
    public required int Stan { get; init; }

    /// <summary>The MTI the answer must carry (0210 for an 0200, 0410 for an 0400 or 0401...).</summary>
    public required string AnswerMti { get; init; }

    /// <summary>For a financial request: how to write it again, to reverse it.</summary>
    public SentRequest? Financial { get; init; }

    /// <summary>For a reversal: the message, to repeat it.</summary>
    public IsoMessage? Reversal { get; init; }

    /// <summary>Names the timeout that belongs to this wait, so a stale one is ignored.</summary>
    public required long WaitId { get; init; }

    /// <summary>The sale this request is for (a purchase) or about (a reversal, a void, a refund).</summary>
    public Sale? Sale { get; init; }

    /// <summary>The purchase this request is, or reverses: faults aimed at that purchase apply to it and its answer.</summary>
    public Sale? Aimed { get; init; }

    /// <summary>For reversals: which send this is (1 first).</summary>
    public int Try { get; init; } = 1;
}

/// <summary>
/// One simulated POS terminal: its message builder (own STAN sequence and batch), what it is doing, and its own
/// books: the batch totals it will report at close, kept from the answers it saw, as a real terminal keeps them.
/// </summary>
internal sealed class SimTerminal(int index, string terminalId, string merchantId, int merchantIndex, string currency)
{
    public int Index { get; } = index;

    public string TerminalId { get; } = terminalId;

    public string MerchantId { get; } = merchantId;

    public int MerchantIndex { get; } = merchantIndex;

    /// <summary>The terms of the terminal's merchant (QR share, weight).</summary>
    public required Scenarios.MerchantGroup Group { get; init; }

    public TerminalMessages Messages { get; } = new(terminalId, merchantId, currency);

    public Queue<TerminalAction> Waiting { get; } = new();

    /// <summary>Which connection the terminal is on: a frame sent on an earlier one is lost with it.</summary>
    public int Connection { get; set; }

    /// <summary>Until when the terminal is reconnecting after a dropped connection: nothing crosses its link meanwhile.</summary>
    public DateTimeOffset OfflineUntil { get; set; }

    public PendingRequest? Pending { get; set; }

    /// <summary>Purchases sent so far in the run (the n of a fault aimed at the n-th purchase).</summary>
    public int PurchasesSent { get; set; }

    public long DebitCount { get; set; }

    public long DebitAmount { get; set; }

    public long CreditCount { get; set; }

    public long CreditAmount { get; set; }

    /// <summary>Sales of the open batch that may still be voided.</summary>
    public List<Sale> OpenBatchSales { get; } = [];

    public void ResetBooks()
    {
        DebitCount = DebitAmount = CreditCount = CreditAmount = 0;
        OpenBatchSales.Clear();
    }
}
