using PosSim.Core.Time;
using PosSim.Ledger;

namespace PosSim.Core.Issuer;

/// <summary>
/// What a long-running issuer remembers. Every approval is kept until it is finished (its hold posted by clearing,
/// released by a void or reversal, or expired) and the caller says it is old enough to forget; open holds always stay.
/// </summary>
/// <remarks>
/// What a forgotten approval means for the rules (the host forgets those finished more than a hold timeout ago, so
/// only days-old history goes, long after the switch stopped matching anything to it):
/// <list type="bullet">
/// <item>A request whose transmission time (field 7) is before the forgetting horizon and that names no approval
/// still held is answered 94 (duplicate): it may be a retransmission of a forgotten approval, and approving it again
/// would hold the cardholder's money twice. Nothing legitimate is that late: the switch's duplicate window is
/// minutes, and a hold older than its timeout has lapsed anyway.</item>
/// <item>A void or reversal naming an original sent before the horizon that is no longer held is answered 12, as one
/// naming an original cleared since: finished, so the money comes back by refund. (The switch forgets reversible
/// originals once their business date is cleared, so reversals of those do not reach the issuer; a void of a sale in a
/// batch still open does.)</item>
/// <item><see cref="PostCleared"/> of a forgotten key answers <see cref="LedgerResult.PendingTransferNotFound"/>:
/// it posts nothing, so a cardholder is never charged twice, and clearing records the presentment as an issue.</item>
/// </list>
/// </remarks>
public sealed partial class CardIssuer
{
    /// <summary>
    /// The newest cut-off given to <see cref="ForgetFinishedBefore"/>: requests sent before it may repeat a forgotten
    /// approval. Null while nothing has been forgotten, so an issuer that never forgets answers as it always did.
    /// </summary>
    public DateTimeOffset? ForgottenBefore { get; private set; }

    /// <summary>
    /// Forgets the approvals finished before <paramref name="before"/>: posted by clearing or released by a void or
    /// reversal before then, or whose hold the ledger let expire (or no longer knows) with its timeout passed before
    /// then. Open holds are kept whatever their age.
    /// </summary>
    /// <returns>How many were forgotten.</returns>
    public int ForgetFinishedBefore(DateTimeOffset before)
    {
        var forgotten = 0;
        foreach (var (key, authorization) in _authorizations)
        {
            if (FinishedAt(authorization) is { } finished && finished < before)
            {
                _authorizations.Remove(key);
                forgotten++;
            }
        }

        if (ForgottenBefore is not { } horizon || before > horizon)
        {
            ForgottenBefore = before;
        }

        return forgotten;
    }

    /// <summary>When the approval's hold stopped being open; null while it still is.</summary>
    private DateTimeOffset? FinishedAt(Authorization authorization)
    {
        if (authorization.FinishedAt is { } finished)
        {
            return finished;
        }

        // Still held here: the ledger may have released it on its timeout, or forgotten it once finished.
        if (_ledger.TryGetTransfer(authorization.HoldId, out var hold))
        {
            return hold.Status == TransferStatus.Pending ? null : hold.AppliedAt + hold.Timeout;
        }

        return authorization.AuthorizedAt + _options.HoldTimeout;
    }

    /// <summary>
    /// True when the request was sent before the forgetting horizon: if it repeats an approval already forgotten,
    /// the issuer can no longer tell, so it must not approve it as new.
    /// </summary>
    private bool SentBeforeForgetting(AuthorizationKey key) =>
        ForgottenBefore is { } horizon && TransmittedAt(key.TransmissionDateTime, _ledger.TimeProvider.GetUtcNow(), _options.Clock.LocalOffset) is { } sent && sent < horizon;

    /// <summary>
    /// Field 7 as an instant, read at <paramref name="offset"/> from UTC (the business clock's: PosSim's terminals write
    /// their local time, as many acquirers' do), in the year nearest <paramref name="now"/>
    /// (<see cref="TransmissionTime.TryRead"/>). Null when it is not a valid date and time.
    /// </summary>
    internal static DateTimeOffset? TransmittedAt(string transmissionDateTime, DateTimeOffset now, TimeSpan offset = default) =>
        TransmissionTime.TryRead(transmissionDateTime, now.ToOffset(offset), out var sent) ? sent : null;
}
