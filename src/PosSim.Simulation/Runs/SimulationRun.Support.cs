using System.Globalization;
using PosSim.Core.Cards;
using PosSim.Core.Cases;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;

namespace PosSim.Simulation.Runs;

/// <summary>
/// The support period after the scenario's last day: approved cases' ways back are carried out on the same switch,
/// issuer, ledger and back office as everything else (a reversal advice, a refund from the merchant's terminal, a
/// late presentment, a released or re-issued payout), then the run goes on, with no new trade, until clearing,
/// settlement and payouts have taken them.
/// </summary>
public sealed partial class SimulationRun
{
    /// <summary>Calendar days the run goes on after the last order, so refunds clear and payouts are paid.</summary>
    private const int SupportTailDays = 10;

    private readonly List<ResolutionOrder> _orders = [];
    private readonly Dictionary<long, (string? MessageRrn, string? ClearingId, string? Refusal)> _executed = [];
    private Dictionary<string, int>? _cardByHash;

    /// <summary>Approved resolutions to carry out, each at its time (after the scenario's last day), in case order.</summary>
    public IReadOnlyList<ResolutionOrder> Orders
    {
        get => _orders;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _orders.AddRange(value.OrderBy(o => o.At).ThenBy(o => o.CaseId));
        }
    }

    /// <summary>Schedules the orders and moves the run's end past the last one by <see cref="SupportTailDays"/>.</summary>
    private void ScheduleOrders()
    {
        if (_orders.Count == 0)
        {
            return;
        }

        var end = _businessClock.CutOverMoment(_scenario.LastDay);
        for (var i = 0; i < _orders.Count; i++)
        {
            var at = new DateTimeOffset(_orders[i].At, _scenario.UtcOffset);
            if (at < end)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"case {_orders[i].CaseId}: a resolution at {_orders[i].At:yyyy-MM-dd HH:mm:ss} falls inside the scenario's days; support works after {end.DateTime:yyyy-MM-dd HH:mm:ss}"));
            }

            _agenda.Schedule(at, new SimEvent(SimEventKind.Resolution, -1, i));
        }

        var last = _businessClock.BusinessDateOf(new DateTimeOffset(_orders[^1].At, _scenario.UtcOffset));
        _end = _businessClock.CutOverMoment(last.AddDays(SupportTailDays)).AddSeconds(1);
    }

    private void Resolve(int index)
    {
        var order = _orders[index];
        var sw = _acquirer.Switch;
        var entry = sw.FindLogged(order.TerminalId, order.Rrn);
        if (entry is null || entry.Kind != TransactionKind.Purchase)
        {
            Executed(order, null, null, $"no purchase {order.Rrn} on terminal {order.TerminalId} in the switch log");
            return;
        }

        switch (order.Path)
        {
            case ResolutionPath.ReleaseHold:
                var release = _acquirer.ReleaseHold(order.TerminalId, order.Rrn, PanOf(entry));
                Executed(order, release.Reversal?.Rrn, null, release.Refusal);
                break;
            case ResolutionPath.RefundFromMerchant:
                RefundAtTerminal(order, entry);
                break;
            case ResolutionPath.ReturnFromClearing:
                if (_office.Engine.ReturnToCardholder(order.TerminalId, order.Rrn) is { } refusal)
                {
                    Executed(order, null, null, refusal);
                    return;
                }

                RefundAtTerminal(order, entry);
                break;
            case ResolutionPath.PayMerchantLate:
                PayLate(order, entry);
                break;
        }

        _counters.Add("support_resolutions", 1);
    }

    /// <summary>The merchant keys a refund of the receipt's RRN on the terminal that took the sale.</summary>
    private void RefundAtTerminal(ResolutionOrder order, TranlogEntry entry)
    {
        if (!_terminalsById.TryGetValue(entry.TerminalId, out var terminal))
        {
            Executed(order, null, null, $"terminal {entry.TerminalId} is not in the run");
            return;
        }

        var card = CardOf(entry);
        var sale = new Sale
        {
            Nth = 0,
            Sent = new SentRequest(Iso8583.ProcessingCodes.Purchase, card, entry.AmountMinor, new DateTimeOffset(entry.LocalTime, _scenario.UtcOffset), entry.Stan, entry.Channel == "qr", null),
            AmountMinor = entry.AmountMinor,
            Card = card,
            Qr = entry.Channel == "qr",
            BusinessDate = entry.BusinessDate,
            Batch = entry.BatchNumber,
            Rrn = entry.Rrn,
            Refunded = RefundedOf(entry),
            Cancelled = entry.CancelledBy is not null,
        };
        Executed(order, null, null, null);
        Arrive(terminal, new TerminalAction { Kind = ActionKind.Refund, AmountMinor = order.AmountMinor, Card = card, Qr = sale.Qr, Original = sale });
    }

    private void PayLate(ResolutionOrder order, TranlogEntry entry)
    {
        var today = _businessClock.BusinessDateOf(_clock.Now);
        var presented = _office.Clearing.Records.Any(r => r.Kind == ClearingKind.Purchase && r.TerminalId == entry.TerminalId && r.Rrn == entry.Rrn);
        if (!presented)
        {
            if (!entry.IsLive)
            {
                Executed(order, null, null, $"purchase {entry.Rrn} is not an approved sale on the switch (answered {entry.ResponseCode}{(entry.CancelledBy is null ? "" : ", cancelled")}): it cannot be presented; release the hold instead");
                return;
            }

            var record = _office.Clearing.PresentLate(entry, today)!;
            _office.Engine.Accept(record);
            Executed(order, null, record.ClearingId, null);
            return;
        }

        var (refusal, _) = _office.Engine.PayLate(entry.TerminalId, entry.Rrn, today);
        Executed(order, null, null, refusal);
    }

    private void Executed(ResolutionOrder order, string? messageRrn, string? clearingId, string? refusal) =>
        _executed[order.CaseId] = (messageRrn, clearingId, refusal);

    /// <summary>After the run: what each order did, proven from the switch log, the issuer and the back office.</summary>
    private List<ResolutionDone> ResolutionsDone()
    {
        var done = new List<ResolutionDone>(_orders.Count);
        foreach (var order in _orders)
        {
            done.Add(_executed.TryGetValue(order.CaseId, out var executed)
                ? Prove(order, executed.MessageRrn, executed.ClearingId, executed.Refusal)
                : new ResolutionDone(order, null, null, null, "", "the run ended before it was carried out"));
        }

        return done;
    }

    private ResolutionDone Prove(ResolutionOrder order, string? messageRrn, string? clearingId, string? refusal)
    {
        if (refusal is not null)
        {
            return new ResolutionDone(order, messageRrn, clearingId, null, "", refusal);
        }

        var sw = _acquirer.Switch;
        var purchase = sw.FindLogged(order.TerminalId, order.Rrn)!;
        var inv = CultureInfo.InvariantCulture;
        switch (order.Path)
        {
            case ResolutionPath.ReleaseHold:
                var hold = AuthorizationOf(purchase);
                return hold?.Status == AuthorizationStatus.Released
                    ? new ResolutionDone(order, messageRrn, null, null, $"reversal {messageRrn} released the issuer's hold {hold.HoldId:x32}", null)
                    : new ResolutionDone(order, messageRrn, null, null, "", $"reversal {messageRrn} was sent, but the issuer still holds the money (not acknowledged yet)");
            case ResolutionPath.RefundFromMerchant or ResolutionPath.ReturnFromClearing:
                var refund = sw.Tranlog.LastOrDefault(e => e.Kind == TransactionKind.Refund && e.TerminalId == order.TerminalId && e.OriginalRrn == order.Rrn && e.LocalTime >= order.At);
                if (refund is null)
                {
                    return new ResolutionDone(order, null, null, null, "", "the terminal's refund never reached the switch");
                }

                if (!refund.IsApproved)
                {
                    return new ResolutionDone(order, refund.Rrn, null, null, "", $"refund {refund.Rrn} was answered {refund.ResponseCode}, not approved");
                }

                var cleared = _office.Clearing.Records.LastOrDefault(r => r.Kind == ClearingKind.Refund && r.TerminalId == refund.TerminalId && r.Rrn == refund.Rrn);
                var paidIn = cleared is null ? null : _office.Engine.Details.LastOrDefault(d => d.ClearingId == cleared.ClearingId)?.PayoutId;
                var proof = order.Path == ResolutionPath.ReturnFromClearing
                    ? string.Create(inv, $"refund {refund.Rrn} approved and credited to card {refund.PanMasked}, funded from the acquirer's clearing account{(cleared is null ? "" : $" (presented as {cleared.ClearingId})")}; the merchant is not debited")
                    : string.Create(inv, $"refund {refund.Rrn} approved and credited to card {refund.PanMasked}{(cleared is null ? "" : $"; presented as {cleared.ClearingId}")}{(paidIn is null ? "" : $"; debited to the merchant in payout {paidIn}")}");
                return new ResolutionDone(order, refund.Rrn, cleared?.ClearingId, paidIn, proof, null);
            default:
                var detail = _office.Engine.Details.LastOrDefault(d => d.Record.Kind == ClearingKind.Purchase && d.TerminalId == order.TerminalId && d.Rrn == order.Rrn);
                return detail?.Payout.Status == PayoutStatus.Paid
                    ? new ResolutionDone(order, null, clearingId, detail.PayoutId, string.Create(inv, $"paid to the merchant in payout {detail.PayoutId} on {detail.ValueDate:yyyy-MM-dd}"), null)
                    : new ResolutionDone(order, null, clearingId, detail?.PayoutId, "", detail is null ? "not paid to the merchant yet: still waiting in settlement" : $"payout {detail.PayoutId} is not paid yet ({detail.Payout.Status})");
        }
    }

    private Authorization? AuthorizationOf(TranlogEntry purchase)
    {
        var key = new AuthorizationKey(purchase.TerminalId, purchase.Stan, purchase.TransmissionDateTime);
        return Issuer.Authorizations.FirstOrDefault(a => a.Key == key && a.Kind == AuthorizationKind.Purchase);
    }

    private long RefundedOf(TranlogEntry purchase) =>
        _acquirer.Switch.Tranlog.Where(e => e.Kind == TransactionKind.Refund && e.IsLive && e.TerminalId == purchase.TerminalId && e.OriginalRrn == purchase.Rrn).Sum(e => e.AmountMinor);

    /// <summary>The card of a logged sale: the switch keeps only its hash, which the run's own cards are matched to.</summary>
    private int CardOf(TranlogEntry entry)
    {
        if (_cardByHash is null)
        {
            var hasher = PanHasher.FromSeed(_seed);
            _cardByHash = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < Cards.Count; i++)
            {
                _cardByHash.TryAdd(hasher.Hash(Cards[i].Read.Pan), i);
            }
        }

        return _cardByHash.TryGetValue(entry.PanHash, out var card)
            ? card
            : throw new InvalidOperationException($"purchase {entry.Rrn}: its card is not one the run issued");
    }

    private string PanOf(TranlogEntry entry) => Cards[CardOf(entry)].Read.Pan;
}
