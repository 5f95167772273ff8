using PosSim.Core.Accounts;
using PosSim.Ledger;

namespace PosSim.Core.Settlement;

/// <summary>Posting a payout to the ledger, and the bank taking it or sending it back.</summary>
public sealed partial class SettlementEngine
{
    /// <summary>
    /// Posts a payout as one linked chain (fee income, then the merchant's net) so it moves all or nothing, and
    /// books it on the statement when the bank takes it. False when it bounced; the money then stays in clearing.
    /// </summary>
    private bool TryPay(MerchantBook book, Payout payout, DateOnly date, out string outcome)
    {
        if (book.WrongAccount)
        {
            outcome = $"bank account {book.Agreement.SettlementAccount} unknown to the bank";
            payout.Attempted(date, accepted: false, outcome);
            return false;
        }

        _chain.Clear();
        if (payout.FeeMinor > 0)
        {
            _chain.Add(TransferRequest.Single(NextTransferId(), AccountIds.Clearing, AccountIds.Fees, payout.FeeMinor, _options.Currency.NumericCode));
        }

        if (payout.NetMinor > 0)
        {
            _chain.Add(TransferRequest.Single(NextTransferId(), AccountIds.Clearing, book.AccountId, payout.NetMinor, _options.Currency.NumericCode));
        }
        else if (payout.NetMinor < 0)
        {
            // Refunds beyond the day's sales: the merchant pays the acquirer back.
            _chain.Add(TransferRequest.Single(NextTransferId(), book.AccountId, AccountIds.Clearing, checked(-payout.NetMinor), _options.Currency.NumericCode));
        }

        var failure = Submit(payout.Sequence);
        switch (failure)
        {
            case LedgerResult.Ok:
                outcome = "paid";
                payout.Attempted(date, accepted: true, outcome);
                Statement.Book(payout, date);
                return true;
            case LedgerResult.DebitAccountFrozen or LedgerResult.CreditAccountFrozen:
                outcome = $"bank account {book.Agreement.SettlementAccount} frozen";
                payout.Attempted(date, accepted: false, outcome);
                return false;
            default:
                throw new InvalidOperationException($"The ledger refused payout {payout.PayoutId}: {failure}.");
        }
    }

    /// <summary>Submits the chain; returns Ok, or the code of the request that failed it.</summary>
    private LedgerResult Submit(long payoutSequence)
    {
        if (_chain.Count == 0)
        {
            return LedgerResult.Ok; // nothing to move: a zero payout without fees
        }

        var requests = new TransferRequest[_chain.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var request = _chain[i] with { UserData = (UInt128)(ulong)payoutSequence };
            requests[i] = i < requests.Length - 1 ? request.AsLinked() : request;
        }

        Span<LedgerResult> results = stackalloc LedgerResult[requests.Length];
        _ledger.Submit(requests, results);
        foreach (var result in results)
        {
            if (result is not (LedgerResult.Ok or LedgerResult.LinkedEventFailed))
            {
                return result;
            }
        }

        return results.IndexOfAnyExcept(LedgerResult.Ok) < 0 ? LedgerResult.Ok : LedgerResult.LinkedEventFailed;
    }

    /// <summary>Whether the bank would take a payout now: the account is known to it and not frozen.</summary>
    private bool CanReceive(MerchantBook book) =>
        !book.WrongAccount && _ledger.TryGetAccount(book.AccountId, out var account) && (account.Flags & AccountFlags.Frozen) == 0;

    private UInt128 NextTransferId() => new(AcquirerBooks.SettlementTransfers, ++_transferSequence);
}
