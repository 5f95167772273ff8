using PosSim.Ledger.Internal;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    /// <summary>
    /// Checks the ledger's invariants and describes each breach (empty when sound). The cheap check,
    /// O(accounts), fits at run time: debits equal credits (posted and pending), no field is negative,
    /// no NoOverdraft account is overdrawn, no closed account has holds. The deep check, O(transfers),
    /// adds: balances recomputed from the transfers equal the stored ones, one transfer per id, every
    /// hold resolved at most once and its status matching its resolution, timestamps increasing. Forgotten transfers
    /// (see <see cref="ForgetFinishedBefore"/>) still count in the recomputed balances through their carried sums.
    /// </summary>
    public IReadOnlyList<string> CheckInvariants(bool deep = false)
    {
        var violations = new List<string>();
        var totals = GetTotals();
        if (totals.DebitsPosted != totals.CreditsPosted)
        {
            violations.Add($"posted debits {totals.DebitsPosted} != posted credits {totals.CreditsPosted}");
        }

        if (totals.DebitsPending != totals.CreditsPending)
        {
            violations.Add($"pending debits {totals.DebitsPending} != pending credits {totals.CreditsPending}");
        }

        for (int i = 0; i < _accountCount; i++)
        {
            CheckAccount(in _accounts[i], violations);
        }

        if (deep)
        {
            CheckTransfers(violations);
        }

        return violations;
    }

    private static void CheckAccount(in AccountSlot a, List<string> violations)
    {
        if (a.DebitsPosted < 0 || a.CreditsPosted < 0 || a.DebitsPending < 0 || a.CreditsPending < 0)
        {
            violations.Add($"account {a.Id} has a negative field");
        }

        if ((a.Flags & AccountFlags.NoOverdraft) != 0 && (Int128)a.DebitsPosted + a.DebitsPending > a.CreditsPosted)
        {
            violations.Add($"account {a.Id} is NoOverdraft but overdrawn");
        }

        if ((a.Flags & AccountFlags.Closed) != 0 && (a.DebitsPending != 0 || a.CreditsPending != 0))
        {
            violations.Add($"account {a.Id} is closed with holds open");
        }
    }

    private void CheckTransfers(List<string> violations)
    {
        var expected = new (Int128 Dp, Int128 Cp, Int128 Dq, Int128 Cq)[_accountCount];
        for (int i = 0; i < _accountCount; i++)
        {
            var (debits, credits) = ForgottenPosted(i);
            expected[i].Dp = debits;
            expected[i].Cp = credits;
        }

        var resolutions = new int[_transferCount];
        if (_transferIndex.Count != _transferCount)
        {
            violations.Add($"{_transferIndex.Count} ids for {_transferCount} transfers");
        }

        for (int i = 0; i < _transferCount; i++)
        {
            ref readonly var t = ref _transfers[i];
            if (!_transferIndex.TryGetValue(t.Id, out int at) || at != i)
            {
                violations.Add($"transfer {t.Id} is not indexed at its slot");
            }

            if (i > 0 && t.Timestamp <= _transfers[i - 1].Timestamp)
            {
                violations.Add($"transfer {t.Id} is out of timestamp order");
            }

            if (t.IsPending)
            {
                // A hold's own amount is pending until it is resolved, however it was resolved.
                if (t.Status == TransferStatus.Pending)
                {
                    expected[t.DebitIndex].Dq += t.Amount;
                    expected[t.CreditIndex].Cq += t.Amount;
                }
            }
            else
            {
                // A post or void whose hold was forgotten (only a finished hold can be) has nothing left to cross-check.
                if (t.IsResolution && t.PendingIndex >= 0)
                {
                    resolutions[t.PendingIndex]++;
                    var want = (t.Flags & TransferFlags.PostPending) != 0 ? TransferStatus.Posted : TransferStatus.Voided;
                    if (_transfers[t.PendingIndex].Status != want)
                    {
                        violations.Add($"hold {t.PendingId} is {_transfers[t.PendingIndex].Status} but {t.Id} made it {want}");
                    }
                }

                if (t.Status == TransferStatus.Posted)
                {
                    expected[t.DebitIndex].Dp += t.Amount;
                    expected[t.CreditIndex].Cp += t.Amount;
                }
            }
        }

        for (int i = 0; i < _transferCount; i++)
        {
            ref readonly var t = ref _transfers[i];
            bool resolvedByTransfer = t.IsPending && t.Status is TransferStatus.Posted or TransferStatus.Voided;
            if (resolutions[i] > 1 || (t.IsPending && resolutions[i] != (resolvedByTransfer ? 1 : 0)))
            {
                violations.Add($"hold {t.Id} ({t.Status}) is resolved by {resolutions[i]} transfers");
            }
        }

        for (int i = 0; i < _accountCount; i++)
        {
            ref readonly var a = ref _accounts[i];
            var e = expected[i];
            if (e.Dp != a.DebitsPosted || e.Cp != a.CreditsPosted || e.Dq != a.DebitsPending || e.Cq != a.CreditsPending)
            {
                violations.Add($"account {a.Id} balances differ from its transfers");
            }
        }
    }
}
