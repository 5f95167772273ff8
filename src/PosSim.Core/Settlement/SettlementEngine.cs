using System.Globalization;
using PosSim.Core.Accounts;
using PosSim.Ledger;

namespace PosSim.Core.Settlement;

/// <summary>What one settlement run did.</summary>
public sealed record SettlementRun(DateOnly Date, bool BusinessDay, IReadOnlyList<Payout> Paid, IReadOnlyList<Payout> Bounced, IReadOnlyList<Payout> Reissued);

/// <summary>
/// Settlement as a sans-IO state machine: cleared transactions in (<see cref="Accept"/>), value dates decided
/// by the merchant's agreement, and on each business day (<see cref="Settle"/>) one payout per merchant of
/// everything due, posted to the ledger (acquirer clearing → merchant account for the net, → fee income for the
/// fee; a net debit the other way) and booked by the merchant's bank. The caller says what day it is; nothing
/// here reads a clock.
/// </summary>
/// <remarks>
/// Rules: fees per transaction, half up (<see cref="MerchantDiscount"/>), none on refunds. Value date T+N
/// business days; an instant merchant D0 inside its window and quota, else T+N. A merchant under risk review is
/// paid nothing until released, then everything due at once (late). A payout the bank refuses (frozen or wrong
/// account) bounces and is re-issued, same id, on the first business day after the bounce on which the account
/// is good again. Not thread-safe.
/// </remarks>
public sealed partial class SettlementEngine
{
    private readonly Ledger.Ledger _ledger;
    private readonly BusinessCalendar _calendar;
    private readonly SettlementOptions _options;
    private readonly IncidentLog _incidents;
    private readonly Dictionary<string, MerchantBook> _merchants = new(StringComparer.Ordinal);
    private readonly List<MerchantBook> _byRegistration = [];
    private readonly List<SettlementItem> _items = [];
    private readonly List<Payout> _payouts = [];
    private readonly List<Payout> _bounced = [];
    private readonly List<SettlementDetail> _details = [];
    private readonly List<TransferRequest> _chain = [];
    private ulong _transferSequence;
    private long _payoutSequence;
    private long _itemSequence;

    public SettlementEngine(Ledger.Ledger ledger, BusinessCalendar? calendar = null, IEnumerable<MerchantAgreement>? merchants = null,
        SettlementOptions? options = null, IncidentLog? incidents = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
        _calendar = calendar ?? BusinessCalendar.Weekdays;
        _options = options ?? new SettlementOptions();
        _incidents = incidents ?? new IncidentLog();
        AcquirerBooks.Open(ledger, _options.Currency.NumericCode);
        _transferSequence = AcquirerBooks.LastSequence(ledger, AcquirerBooks.SettlementTransfers);
        foreach (var agreement in merchants ?? [])
        {
            AddMerchant(agreement);
        }
    }

    public BusinessCalendar Calendar => _calendar;

    /// <summary>Agreements in the order merchants were registered (the order of their ledger accounts).</summary>
    public IEnumerable<MerchantAgreement> Merchants => _byRegistration.Select(m => m.Agreement);

    /// <summary>Every cleared transaction accepted, in the order accepted (with <see cref="SettlementOptions.ForgetFinished"/>, those not yet final and the recently final).</summary>
    public IReadOnlyList<SettlementItem> Items => _items;

    /// <summary>Every payout issued, in the order issued (with <see cref="SettlementOptions.ForgetFinished"/>, those not yet paid and the recently paid).</summary>
    public IReadOnlyList<Payout> Payouts => _payouts;

    /// <summary>The settlement detail (settlements.csv), in the order paid out (with <see cref="SettlementOptions.ForgetFinished"/>, the rows of the payouts held).</summary>
    public IReadOnlyList<SettlementDetail> Details => _details;

    /// <summary>The merchants' bank statement (payouts.csv).</summary>
    public BankStatement Statement { get; } = new();

    public IncidentLog Incidents => _incidents;

    /// <summary>Registers a merchant and opens its settlement account (a merchant can owe money: it may go negative).</summary>
    public MerchantAgreement AddMerchant(MerchantAgreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (_merchants.ContainsKey(agreement.MerchantId))
        {
            throw new ArgumentException($"Merchant {agreement.MerchantId} already has an agreement.", nameof(agreement));
        }

        var account = AccountIds.ForMerchant(_byRegistration.Count);
        AcquirerBooks.Require(_ledger.CreateAccount(new AccountRequest(account, LedgerKind.Acquirer, _options.Currency.NumericCode, AccountFlags.AllowNegative)));
        var book = new MerchantBook(agreement, account) { Held = agreement.RiskHold };
        _merchants.Add(agreement.MerchantId, book);
        _byRegistration.Add(book);
        return agreement;
    }

    // The merchant commands below register a merchant they do not know with the default agreement
    // (SettlementOptions.NewMerchant), as Accept does: a fault plan may name a merchant before its first sale.

    public MerchantAgreement AgreementOf(string merchantId) => BookOrNew(merchantId).Agreement;

    /// <summary>The merchant's settlement account in the ledger.</summary>
    public UInt128 AccountOf(string merchantId) => BookOrNew(merchantId).AccountId;

    /// <summary>Starts a risk review: nothing more is paid to the merchant until <see cref="Release"/>.</summary>
    public void Hold(string merchantId) => BookOrNew(merchantId).Held = true;

    /// <summary>Ends a risk review: what fell due meanwhile is paid at the next business-day run.</summary>
    public void Release(string merchantId) => BookOrNew(merchantId).Held = false;

    public bool IsHeld(string merchantId) => BookOrNew(merchantId).Held;

    /// <summary>
    /// The merchants' bank is in a maintenance window: a settlement run meanwhile pays nothing, and what fell due
    /// waits for the next business-day run after it ends (late, with <see cref="LateCause.BankMaintenance"/>).
    /// </summary>
    public bool BankOffline { get; set; }

    /// <summary>Marks the agreement's bank account wrong (payouts bounce without reaching the ledger) or corrected.</summary>
    public void SetWrongAccount(string merchantId, bool wrong) => BookOrNew(merchantId).WrongAccount = wrong;

    /// <summary>Freezes the merchant's settlement account in the ledger (payouts bounce) or unfreezes it.</summary>
    public void SetFrozen(string merchantId, bool frozen)
    {
        var account = AccountOf(merchantId);
        var result = frozen ? _ledger.FreezeAccount(account) : _ledger.UnfreezeAccount(account);
        if (result != LedgerResult.Ok)
        {
            throw new InvalidOperationException($"Could not {(frozen ? "freeze" : "unfreeze")} the account of merchant {merchantId}: {result}.");
        }
    }

    /// <summary>
    /// Takes a cleared transaction in and plans its value date. <paramref name="delayBusinessDays"/> is a fault:
    /// it pushes the planned date back by that many business days. <paramref name="presentedLate"/>: the
    /// transaction was logged after its business date was cleared, so it may be paid after its due date.
    /// </summary>
    public SettlementItem Accept(ClearingRecord record, int delayBusinessDays = 0, bool presentedLate = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegative(delayBusinessDays);
        var book = BookOrNew(record.MerchantId);
        var agreement = book.Agreement;
        var due = _calendar.SettlementDue(record.BusinessDate, agreement.ContractSettleDays);
        var planned = PlanValueDate(book, record);
        var item = new SettlementItem(record, due, planned, _itemSequence++);
        if (planned > due)
        {
            item.Causes |= LateCause.InstantFallback;
            _incidents.Add(new Incident(IncidentKind.InstantFallback, record.BusinessDate, record.MerchantId, record.TerminalId, record.Rrn,
                Detail: string.Create(CultureInfo.InvariantCulture, $"outside the instant window or quota: value date {planned:yyyy-MM-dd}, not {due:yyyy-MM-dd}")));
        }

        if (presentedLate)
        {
            item.Causes |= LateCause.PresentedLate;
        }

        if (delayBusinessDays > 0)
        {
            item.ScheduledDate = _calendar.AddBusinessDays(planned, delayBusinessDays);
            item.Causes |= LateCause.Delayed;
            _incidents.Add(new Incident(IncidentKind.SettlementDelayed, record.BusinessDate, record.MerchantId, record.TerminalId, record.Rrn,
                Detail: string.Create(CultureInfo.InvariantCulture, $"value date {item.ScheduledDate:yyyy-MM-dd} instead of {planned:yyyy-MM-dd}")));
        }

        _items.Add(item);
        if (IsReturned(record))
        {
            item.Returned = true; // the acquirer funds it: the merchant neither pays nor sees it
        }
        else
        {
            book.Waiting.Add(item);
        }

        return item;
    }

    /// <summary>
    /// Runs settlement for <paramref name="date"/>: on a business day, re-issues bounced payouts whose account
    /// is good again, then pays each merchant not under review everything planned for that date or earlier.
    /// On other days banks do not pay; nothing happens.
    /// </summary>
    public SettlementRun Settle(DateOnly date)
    {
        if (!_calendar.IsBusinessDay(date))
        {
            return new SettlementRun(date, false, [], [], []);
        }

        if (BankOffline)
        {
            DeferForMaintenance(date);
            return new SettlementRun(date, true, [], [], []);
        }

        var reissued = Reissue(date);
        var paid = new List<Payout>();
        var bounced = new List<Payout>();
        foreach (var book in _merchants.Values.OrderBy(b => b.Agreement.MerchantId, StringComparer.Ordinal))
        {
            var due = book.Waiting.Where(i => i.ScheduledDate <= date).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            if (book.Held)
            {
                MarkHeld(due, date);
                continue;
            }

            var payout = NewPayout(book, date);
            foreach (var item in due)
            {
                var detail = new SettlementDetail(payout, item.Record, MerchantDiscount.Fee(item.Record.Kind == ClearingKind.Refund, item.Record.GrossMinor, book.Agreement.BpsFor(item.Record.Channel)));
                payout.Add(detail);
                _details.Add(detail);
                Fresh(detail);
                item.Detail = detail;
            }

            book.Waiting.RemoveAll(i => i.Detail is not null);

            var accepted = TryPay(book, payout, date, out var outcome);
            Changed(payout);
            if (accepted)
            {
                paid.Add(payout);
            }
            else
            {
                bounced.Add(payout);
                _bounced.Add(payout);
                foreach (var item in due)
                {
                    item.Causes |= LateCause.Bounced;
                }

                _incidents.Add(new Incident(IncidentKind.PayoutBounced, date, book.Agreement.MerchantId, PayoutId: payout.PayoutId, Detail: outcome));
            }
        }

        return new SettlementRun(date, true, paid, bounced, reissued);
    }

    private List<Payout> Reissue(DateOnly date)
    {
        var reissued = new List<Payout>();
        foreach (var payout in _bounced)
        {
            if (payout.ValueDate >= date)
            {
                continue; // the next business day at the earliest
            }

            var book = _merchants[payout.MerchantId];
            if (book.Held || !CanReceive(book))
            {
                continue; // under review, or not corrected yet: trying again would only bounce again
            }

            var accepted = TryPay(book, payout, date, out _);
            Changed(payout); // paid or bounced again, its rows take the new value date
            if (accepted)
            {
                reissued.Add(payout);
                _incidents.Add(new Incident(IncidentKind.PayoutReissued, date, payout.MerchantId, PayoutId: payout.PayoutId,
                    Detail: string.Create(CultureInfo.InvariantCulture, $"bounced on {payout.FirstValueDate:yyyy-MM-dd}, paid on {date:yyyy-MM-dd}")));
            }
        }

        _bounced.RemoveAll(p => p.Status == PayoutStatus.Paid);
        return reissued;
    }

    private void DeferForMaintenance(DateOnly date)
    {
        foreach (var book in _merchants.Values.OrderBy(b => b.Agreement.MerchantId, StringComparer.Ordinal))
        {
            foreach (var item in book.Waiting)
            {
                if (item.ScheduledDate <= date && (item.Causes & LateCause.BankMaintenance) == 0)
                {
                    item.Causes |= LateCause.BankMaintenance;
                    _incidents.Add(new Incident(IncidentKind.PayoutDeferred, date, item.Record.MerchantId, item.Record.TerminalId, item.Record.Rrn,
                        Detail: "due while the merchants' bank was in a maintenance window"));
                }
            }
        }
    }

    private void MarkHeld(List<SettlementItem> due, DateOnly date)
    {
        foreach (var item in due)
        {
            if ((item.Causes & LateCause.RiskHold) == 0)
            {
                item.Causes |= LateCause.RiskHold;
                _incidents.Add(new Incident(IncidentKind.RiskHeld, date, item.Record.MerchantId, item.Record.TerminalId, item.Record.Rrn,
                    Detail: "due while the merchant is held for risk review"));
            }
        }
    }

    private DateOnly PlanValueDate(MerchantBook book, ClearingRecord record)
    {
        var agreement = book.Agreement;
        if (agreement.Instant is { } instant && instant.InWindow(TimeOnly.FromDateTime(record.LocalTime)))
        {
            if (record.Kind == ClearingKind.Refund)
            {
                return _calendar.SettlementDue(record.BusinessDate, 0);
            }

            var used = book.InstantUsed.GetValueOrDefault(record.BusinessDate);
            var after = checked(used + record.AmountMinor);
            if (after <= instant.DailyQuotaMinor)
            {
                book.InstantUsed[record.BusinessDate] = after;
                return _calendar.SettlementDue(record.BusinessDate, 0);
            }
        }

        return _calendar.SettlementDue(record.BusinessDate, agreement.SettleDays);
    }

    private Payout NewPayout(MerchantBook book, DateOnly date)
    {
        var n = book.PayoutsOn[date] = book.PayoutsOn.GetValueOrDefault(date) + 1;
        var payout = new Payout(
            string.Create(CultureInfo.InvariantCulture, $"P-{book.Agreement.MerchantId}-{date:yyyyMMdd}-{n}"),
            book.Agreement.MerchantId, date, ++_payoutSequence);
        _payouts.Add(payout);
        return payout;
    }

    private MerchantBook BookOrNew(string merchantId)
    {
        if (!_merchants.TryGetValue(merchantId, out var book))
        {
            AddMerchant(_options.NewMerchant(merchantId));
            book = _merchants[merchantId];
        }

        return book;
    }

    /// <summary>A merchant's agreement and where its money stands.</summary>
    private sealed class MerchantBook(MerchantAgreement agreement, UInt128 accountId)
    {
        public MerchantAgreement Agreement { get; } = agreement;

        public UInt128 AccountId { get; } = accountId;

        public bool Held { get; set; }

        public bool WrongAccount { get; set; }

        /// <summary>Accepted and not yet in a payout, in the order accepted.</summary>
        public List<SettlementItem> Waiting { get; } = [];

        /// <summary>Instant purchases per business date, against the daily quota.</summary>
        public Dictionary<DateOnly, long> InstantUsed { get; } = [];

        public Dictionary<DateOnly, int> PayoutsOn { get; } = [];
    }
}
