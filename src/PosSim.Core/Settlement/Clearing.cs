using System.Globalization;
using PosSim.Core.Accounts;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Ledger;

namespace PosSim.Core.Settlement;

/// <summary>A presentment the issuer could not post (it never approved it, or the hold was released or expired).</summary>
public sealed record ClearingIssue(string ClearingId, string TerminalId, string Rrn, LedgerResult Result);

/// <summary>
/// Clearing at cut-over: the live transactions of the business date (approved purchases and refunds, not
/// reversed or voided) become presentments. For each, the issuer posts its hold (the cardholder is charged or
/// credited for real) and the scheme pays the acquirer: scheme → acquirer clearing for a purchase, the other way
/// for a refund. Sans-IO: the caller says which business date closes and on which date.
/// </summary>
/// <remarks>
/// Each transaction is presented once. A transaction still in flight at cut-over is presented at the next
/// cut-over that finds it approved; one declined, timed out or cancelled by then never is.
/// Not thread-safe: it runs on the loop that owns the switch and the ledger.
/// </remarks>
public sealed partial class Clearing
{
    private readonly Ledger.Ledger _ledger;
    private readonly CardIssuer? _issuer;
    private readonly ushort _currency;
    private readonly StandInPolicy _standIn;
    private readonly List<TranlogEntry> _withheld = [];
    private readonly ISettlementFaults _faults;
    private readonly IncidentLog _incidents;
    private readonly List<ClearingRecord> _records = [];
    private readonly List<ClearingIssue> _issues = [];
    private readonly List<TranlogEntry> _undecided = [];
    private readonly Dictionary<string, int> _delays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _presentedLate = new(StringComparer.Ordinal);
    private long _scannedThroughTxnId;
    private ulong _transferSequence;
    private long _clearingSequence;

    /// <param name="issuer">The local issuer whose holds clearing posts; null when the issuer is elsewhere.</param>
    /// <param name="faults">Faults to apply to transactions as they are cleared; none by default.</param>
    public Clearing(Ledger.Ledger ledger, CardIssuer? issuer = null, SettlementOptions? options = null,
        ISettlementFaults? faults = null, IncidentLog? incidents = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
        _issuer = issuer;
        options ??= new SettlementOptions();
        _currency = options.Currency.NumericCode;
        _standIn = options.StandIn;
        _faults = faults ?? NoSettlementFaults.Instance;
        _incidents = incidents ?? new IncidentLog();
        AcquirerBooks.Open(ledger, _currency);
        _transferSequence = AcquirerBooks.LastSequence(ledger, AcquirerBooks.ClearingTransfers);
    }

    /// <summary>Every presentment sent, in the order sent (clearing.csv); with <see cref="SettlementOptions.ForgetFinished"/>, those whose money is not final yet.</summary>
    public IReadOnlyList<ClearingRecord> Records => _records;

    /// <summary>
    /// Presentments whose issuer hold could not be posted: the scheme paid, the cardholder was not charged (with
    /// <see cref="SettlementOptions.ForgetFinished"/>, the latest; <see cref="IssuesTotal"/> counts all).
    /// </summary>
    public IReadOnlyList<ClearingIssue> Issues => _issues;

    public IncidentLog Incidents => _incidents;

    /// <summary>
    /// Offline approvals (0220) not presented because no issuer authorised them and the stand-in policy withholds
    /// them: the merchant is not paid for these, and people can see why (with <see cref="SettlementOptions.ForgetFinished"/>,
    /// the latest; <see cref="WithheldTotal"/> counts all).
    /// </summary>
    public IReadOnlyList<TranlogEntry> Withheld => _withheld;

    /// <summary>
    /// Closes <paramref name="businessDate"/>: presents every live transaction of that date or earlier not yet
    /// presented, dated <paramref name="clearingDate"/> (by default the business date: cut-over is late that day).
    /// </summary>
    /// <returns>The presentments sent now, in switch-log order.</returns>
    public IReadOnlyList<ClearingRecord> Run(IReadOnlyList<TranlogEntry> tranlog, DateOnly businessDate, DateOnly? clearingDate = null)
    {
        ArgumentNullException.ThrowIfNull(tranlog);
        var date = clearingDate ?? businessDate;
        var sent = new List<ClearingRecord>();

        // Requests in flight at the last cut-over first: they are older than anything after the cursor.
        var undecided = _undecided.ToArray();
        _undecided.Clear();
        foreach (var entry in undecided)
        {
            Consider(entry, date, sent);
        }

        // The log is in arrival (txn_id) order, so business dates never go down along it. The place reached is
        // kept as a txn_id, not an index: a switch restarted from its stores rebuilds the list without the requests
        // it lost, and an index into it would skip rows.
        for (var i = FirstAfter(tranlog, _scannedThroughTxnId); i < tranlog.Count && tranlog[i].BusinessDate <= businessDate; i++)
        {
            var entry = tranlog[i];
            _scannedThroughTxnId = entry.TxnId;
            if (entry.BusinessDate < businessDate && entry.IsLive && LastClosed >= entry.BusinessDate)
            {
                // Logged after its own business date had been cleared: the back office closed that date early.
                var before = sent.Count;
                Consider(entry, date, sent);
                for (var j = before; j < sent.Count; j++)
                {
                    _presentedLate.Add(sent[j].ClearingId);
                }

                if (sent.Count > before)
                {
                    _incidents.Add(new Incident(IncidentKind.PresentedLate, entry.BusinessDate, entry.MerchantId, entry.TerminalId, entry.Rrn,
                        Detail: string.Create(CultureInfo.InvariantCulture, $"logged at {entry.LocalTime:HH:mm:ss} after business date {entry.BusinessDate:yyyy-MM-dd} was cleared; presented on {date:yyyy-MM-dd}")));
                }

                continue;
            }

            Consider(entry, date, sent);
        }

        LastClosed = businessDate;
        return sent;
    }

    /// <summary>
    /// Presents a live purchase that clearing passed over (a presentment the network dropped) now, dated
    /// <paramref name="date"/>: the issuer's hold is posted and the acquirer is owed the money. No incident is logged:
    /// the break it mends was the fault's, and support's own rows are named in adjustments.csv. Null when it was
    /// presented already or is not live, or (in a back office that forgets) its business date is one whose final
    /// presentments were forgotten: it may have been presented, and paying it twice is worse than not mending it.
    /// </summary>
    public ClearingRecord? PresentLate(TranlogEntry entry, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.IsLive || entry.Kind != TransactionKind.Purchase || (IsUnauthorisedAdvice(entry) && _standIn != StandInPolicy.Pay) ||
            MayHaveForgotten(entry) || _records.Any(r => r.TerminalId == entry.TerminalId && r.Rrn == entry.Rrn && r.Kind == ClearingKind.Purchase))
        {
            return null;
        }

        var sent = new List<ClearingRecord>(1);
        var record = Present(entry, entry.AmountMinor, date, sent);
        if (!record.StandIn)
        {
            PostIssuerHold(entry, record.ClearingId);
        }

        return record;
    }

    /// <summary>The last business date cleared; null before the first.</summary>
    private DateOnly? LastClosed { get; set; }

    /// <summary>Whether the presentment was of a transaction logged after its business date was cleared.</summary>
    internal bool WasPresentedLate(string clearingId) => _presentedLate.Contains(clearingId);

    /// <summary>
    /// A clearing restarted from the stores after <paramref name="closed"/> was cleared: everything logged for that date
    /// or before was presented then (or decided not to be), so the scan goes on after it.
    /// </summary>
    /// <summary>A back office resumed after a restart: clearing ids go on after the <paramref name="presented"/> presentments made before.</summary>
    internal void ContinueNumberingFrom(long presented) => _clearingSequence = Math.Max(_clearingSequence, presented);

    internal void ResumeAfter(IReadOnlyList<TranlogEntry> tranlog, DateOnly closed)
    {
        ArgumentNullException.ThrowIfNull(tranlog);
        LastClosed = closed;
        for (var i = tranlog.Count - 1; i >= 0; i--)
        {
            if (tranlog[i].BusinessDate <= closed)
            {
                _scannedThroughTxnId = tranlog[i].TxnId;
                return;
            }
        }
    }

    /// <summary>The index of the first row with a txn_id above <paramref name="txnId"/> (rows are in txn_id order).</summary>
    private static int FirstAfter(IReadOnlyList<TranlogEntry> tranlog, long txnId)
    {
        int lo = 0, hi = tranlog.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (tranlog[mid].TxnId <= txnId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The business days by which a fault pushes back the payout of a presentment; 0 for none.</summary>
    internal int DelayOf(string clearingId) => _delays.GetValueOrDefault(clearingId);

    private void Consider(TranlogEntry entry, DateOnly date, List<ClearingRecord> sent)
    {
        if (entry.Kind is not (TransactionKind.Purchase or TransactionKind.Refund))
        {
            return;
        }

        if (entry.Status == TransactionStatus.InFlight)
        {
            _undecided.Add(entry);
            return;
        }

        if (!entry.IsLive)
        {
            return; // declined, timed out (a reversal is on its way) or cancelled: nothing to present
        }

        if (entry.Advice == AdviceOutcome.Pending)
        {
            _undecided.Add(entry); // the issuer has not answered its advice yet: ask again at the next cut-over
            return;
        }

        var standIn = IsUnauthorisedAdvice(entry);
        if (standIn && _standIn != StandInPolicy.Pay)
        {
            // Approved offline, and the issuer refused or never heard of it: no authorisation, so no presentment.
            _withheld.Add(entry);
            WithheldTotal++;
            return;
        }

        var fault = _faults.ForTransaction(entry);
        if (fault?.Kind == TransactionFault.DropClearing)
        {
            _incidents.Add(new Incident(IncidentKind.ClearingDropped, entry.BusinessDate, entry.MerchantId, entry.TerminalId, entry.Rrn,
                Detail: "presentment not sent"));
            return;
        }

        var amount = entry.AmountMinor;
        if (fault?.Kind == TransactionFault.AlterAmount)
        {
            amount = checked(amount + fault.Value.AlterByMinor);
            _incidents.Add(new Incident(IncidentKind.ClearingAmountAltered, entry.BusinessDate, entry.MerchantId, entry.TerminalId, entry.Rrn,
                Detail: string.Create(CultureInfo.InvariantCulture, $"presented {amount} for {entry.AmountMinor} approved")));
        }

        var record = Present(entry, amount, date, sent);
        if (!standIn)
        {
            PostIssuerHold(entry, record.ClearingId); // under the stand-in policy there is no hold: the acquirer bears it
        }

        if (fault is { Kind: TransactionFault.DelaySettlement, DelayBusinessDays: > 0 } delay)
        {
            _delays[record.ClearingId] = delay.DelayBusinessDays;
        }
        else if (fault?.Kind == TransactionFault.DuplicateClearing)
        {
            var copy = Present(entry, amount, date, sent);
            _incidents.Add(new Incident(IncidentKind.ClearingDuplicated, entry.BusinessDate, entry.MerchantId, entry.TerminalId, entry.Rrn,
                Detail: $"presented as {record.ClearingId} and {copy.ClearingId}"));
        }
    }

    /// <summary>An offline approval the issuer refused, or never received: nothing authorised it.</summary>
    private static bool IsUnauthorisedAdvice(TranlogEntry entry) => entry.Advice is AdviceOutcome.Refused or AdviceOutcome.Undelivered;

    private void PostIssuerHold(TranlogEntry entry, string clearingId)
    {
        if (_issuer is null)
        {
            return;
        }

        var result = _issuer.PostCleared(new AuthorizationKey(entry.TerminalId, entry.Stan, entry.TransmissionDateTime));
        if (result != LedgerResult.Ok)
        {
            // The scheme still pays a valid presentment; the difference is the issuer's to chase, and is kept here.
            _issues.Add(new ClearingIssue(clearingId, entry.TerminalId, entry.Rrn, result));
            IssuesTotal++;
        }
    }

    private ClearingRecord Present(TranlogEntry entry, long amount, DateOnly date, List<ClearingRecord> sent)
    {
        var record = new ClearingRecord
        {
            ClearingId = NextClearingId(date),
            Kind = entry.Kind == TransactionKind.Purchase ? ClearingKind.Purchase : ClearingKind.Refund,
            Rrn = entry.Rrn,
            TerminalId = entry.TerminalId,
            MerchantId = entry.MerchantId,
            AuthCode = entry.AuthCode,
            AmountMinor = amount,
            Currency = entry.Currency,
            BusinessDate = entry.BusinessDate,
            ClearingDate = date,
            Channel = entry.Channel,
            LocalTime = entry.LocalTime,
            TxnId = entry.TxnId,
            OriginalRrn = entry.OriginalRrn,
            StandIn = IsUnauthorisedAdvice(entry),
        };

        // The scheme settles the presentment with the acquirer: a purchase is owed to the acquirer, a refund by it.
        var id = new UInt128(AcquirerBooks.ClearingTransfers, ++_transferSequence);
        var transfer = record.Kind == ClearingKind.Purchase
            ? TransferRequest.Single(id, AccountIds.Scheme, AccountIds.Clearing, amount, _currency)
            : TransferRequest.Single(id, AccountIds.Clearing, AccountIds.Scheme, amount, _currency);
        var result = _ledger.Submit(transfer with { UserData = (UInt128)(ulong)entry.TxnId });
        if (!result.IsSuccess())
        {
            throw new InvalidOperationException($"The ledger refused clearing {record.ClearingId}: {result}.");
        }

        _records.Add(record);
        Fresh.Add(record);
        sent.Add(record);
        return record;
    }

    private string NextClearingId(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"C{date:yyyyMMdd}-{++_clearingSequence:D6}");
}
