using System.Globalization;

namespace PosSim.Core.Settlement;

/// <summary>
/// What support asks of settlement when a case is resolved: pay the merchant late, or give a purchase's money back
/// to the cardholder from the acquirer's clearing account without the merchant ever seeing it.
/// </summary>
public sealed partial class SettlementEngine
{
    /// <summary>Purchases given back from clearing, with the last business date a refund of them may carry.</summary>
    private readonly Dictionary<(string Terminal, string Rrn), DateOnly> _returned = [];

    /// <summary>
    /// The purchase's money goes back to the cardholder from clearing: its item leaves the merchant's waiting list
    /// (or the bounced payout it sits in, which is re-issued without it), and the refund that carries the money to
    /// the card is not charged to the merchant when it clears. Returns why not when the merchant was already paid
    /// (then only an ordinary refund is right) or the purchase never reached settlement.
    /// </summary>
    public string? ReturnToCardholder(string terminalId, string rrn)
    {
        var item = PurchaseItem(terminalId, rrn);
        if (item is null)
        {
            return $"purchase {rrn} of terminal {terminalId} never reached settlement{MaybeForgotten}: nothing is in clearing to return";
        }

        if (item.Detail is { } detail)
        {
            if (detail.Payout.Status == PayoutStatus.Paid)
            {
                return $"purchase {rrn} was paid to the merchant in {detail.PayoutId}: give it back with an ordinary refund";
            }

            detail.Payout.Remove(detail);
            _details.Remove(detail);
            Removed(detail);
            item.Detail = null;
        }
        else
        {
            BookOrNew(item.Record.MerchantId).Waiting.Remove(item);
        }

        item.Returned = true;
        _returned[(terminalId, rrn)] = item.Record.BusinessDate.AddDays(AgreementOf(item.Record.MerchantId).RefundWindowDays);
        return null;
    }

    /// <summary>
    /// Pays the merchant what a support case found stuck: ends the risk review that holds the purchase, brings a
    /// delayed item forward to <paramref name="date"/>'s run, or, for a bounced payout, takes the merchant's
    /// corrected account (unfrozen, known to the bank) so the payout is re-issued. Returns why not, or a sentence
    /// saying what was done.
    /// </summary>
    public (string? Refusal, string Done) PayLate(string terminalId, string rrn, DateOnly date)
    {
        var item = PurchaseItem(terminalId, rrn);
        if (item is null)
        {
            return ($"purchase {rrn} of terminal {terminalId} was never cleared{MaybeForgotten}: present it first", "");
        }

        var book = BookOrNew(item.Record.MerchantId);
        if (item.Detail is { } detail)
        {
            if (detail.Payout.Status == PayoutStatus.Paid)
            {
                return (null, $"already paid in {detail.PayoutId}");
            }

            book.WrongAccount = false;
            if (_ledger.TryGetAccount(book.AccountId, out var account) && (account.Flags & Ledger.AccountFlags.Frozen) != 0)
            {
                SetFrozen(book.Agreement.MerchantId, false);
            }

            book.Held = false;
            return (null, $"payout {detail.PayoutId} will be re-issued to the corrected account");
        }

        var done = new List<string>();
        if (book.Held)
        {
            book.Held = false;
            done.Add("risk review ended");
        }

        if (item.ScheduledDate > date)
        {
            item.ScheduledDate = _calendar.IsBusinessDay(date) ? date : _calendar.AddBusinessDays(date, 1);
            done.Add(string.Create(CultureInfo.InvariantCulture, $"brought forward to {item.ScheduledDate:yyyy-MM-dd}"));
        }

        return (null, done.Count == 0 ? "due at the next settlement run" : string.Join("; ", done));
    }

    /// <summary>Whether a refund of this purchase is the acquirer's to fund (the purchase was returned from clearing).</summary>
    private bool IsReturned(ClearingRecord record) =>
        record.Kind == ClearingKind.Refund && _returned.Count > 0 && record.OriginalRrn is { } original && _returned.ContainsKey((record.TerminalId, original));

    private SettlementItem? PurchaseItem(string terminalId, string rrn)
    {
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            var item = _items[i];
            if (item.Record.Kind == ClearingKind.Purchase && item.Record.Rrn == rrn && item.Record.TerminalId == terminalId)
            {
                return item;
            }
        }

        return null;
    }
}
