using PosSim.Ledger;

namespace PosSim.Core.Issuer;

/// <summary>Clearing: the acquirer presents what it approved, and the issuer turns the hold into a movement of money.</summary>
public sealed partial class CardIssuer
{
    /// <summary>
    /// Posts the whole hold behind the approval named by <paramref name="key"/> (a purchase moves the money from
    /// the cardholder to the scheme, a refund from the scheme to the cardholder) and marks the approval Posted.
    /// </summary>
    /// <returns>
    /// <see cref="LedgerResult.Ok"/> when posted now; <see cref="LedgerResult.Exists"/> when it was posted before
    /// (a presentment repeated: the cardholder is charged once); <see cref="LedgerResult.PendingTransferNotFound"/>
    /// when the issuer never approved it, or the approval finished and was forgotten (nothing is posted again); <see cref="LedgerResult.PendingTransferAlreadyVoided"/> when a void or
    /// reversal released it; otherwise the ledger's own refusal (an expired hold, a frozen account).
    /// </returns>
    public LedgerResult PostCleared(AuthorizationKey key)
    {
        if (!_authorizations.TryGetValue(key, out var authorization))
        {
            return LedgerResult.PendingTransferNotFound;
        }

        switch (authorization.Status)
        {
            case AuthorizationStatus.Posted:
                return LedgerResult.Exists;
            case AuthorizationStatus.Released:
                return LedgerResult.PendingTransferAlreadyVoided;
        }

        var result = _ledger.Submit(TransferRequest.Post(NextTransferId(), authorization.HoldId));
        if (result == LedgerResult.Ok)
        {
            authorization.Status = AuthorizationStatus.Posted;
            authorization.FinishedAt = _ledger.TimeProvider.GetUtcNow();
        }

        return result;
    }
}
