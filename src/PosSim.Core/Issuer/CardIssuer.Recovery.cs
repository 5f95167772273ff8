using PosSim.Core.Storage;
using PosSim.Ledger;

namespace PosSim.Core.Issuer;

/// <summary>
/// What the issuer must find again after a restart: its approvals (which hold each one took, under which terminal,
/// STAN and transmission time), so a void, a reversal or clearing of a transaction approved before the restart
/// reaches its hold. The ledger keeps the holds; a store keeps the approvals beside them, in the same commit.
/// </summary>
public sealed partial class CardIssuer
{
    private readonly NewRecords<Authorization> _newAuthorizations = new();

    /// <summary>
    /// From now on, remembers each new approval until <see cref="DrainNewAuthorizations"/> takes it: how a host
    /// stores them with the ledger's changes of the same turn.
    /// </summary>
    public void TrackNewAuthorizations() => _newAuthorizations.Track();

    /// <summary>Moves the approvals made since the last call into <paramref name="into"/>; returns how many.</summary>
    public int DrainNewAuthorizations(List<Authorization> into) => _newAuthorizations.DrainInto(into);

    /// <summary>True when approvals were made since the last <see cref="DrainNewAuthorizations"/>.</summary>
    public bool HasNewAuthorizations => _newAuthorizations.Any;

    /// <summary>
    /// Puts back an approval a store kept, when its hold is still open in the (rebuilt) ledger. A finished one (posted,
    /// released by a void or reversal, or expired) is history: it is not reloaded, so a restart does not bring back
    /// what a running issuer forgets (<see cref="ForgetFinishedBefore"/>), and the issuer answers for it as for a
    /// forgotten approval.
    /// </summary>
    /// <returns>False when the ledger has no such hold, or it is no longer open (the approval is not restored).</returns>
    public bool RestoreAuthorization(AuthorizationKey key, AuthorizationKind kind, UInt128 holdId, long amount, string approvalCode, string rrn)
    {
        if (!_ledger.TryGetTransfer(holdId, out var hold) || hold.Status != TransferStatus.Pending)
        {
            return false;
        }

        _authorizations[key] = new Authorization(key, kind, holdId, amount, approvalCode, rrn, hold.AppliedAt);
        return true;
    }
}
