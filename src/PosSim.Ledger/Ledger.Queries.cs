namespace PosSim.Ledger;

public sealed partial class Ledger
{
    /// <summary>An account with its balances.</summary>
    public bool TryGetAccount(UInt128 accountId, out Account account)
    {
        if (_accountIndex.TryGetValue(accountId, out int index))
        {
            account = _accounts[index].ToAccount();
            return true;
        }

        account = default;
        return false;
    }

    /// <summary>Posted, pending and available balances of an account.</summary>
    public bool TryGetBalance(UInt128 accountId, out AccountBalance balance)
    {
        if (_accountIndex.TryGetValue(accountId, out int index))
        {
            balance = _accounts[index].Balance;
            return true;
        }

        balance = default;
        return false;
    }

    /// <summary>A transfer by id, with its current status. False for an unknown id and for one forgotten by <see cref="ForgetFinishedBefore"/>.</summary>
    public bool TryGetTransfer(UInt128 transferId, out Transfer transfer)
    {
        if (_transferIndex.TryGetValue(transferId, out int index))
        {
            transfer = _transfers[index].ToTransfer();
            return true;
        }

        transfer = default;
        return false;
    }

    /// <summary>
    /// The transfers touching an account (as debit or credit side) applied in [<paramref name="from"/>,
    /// <paramref name="until"/>), oldest first. Empty for an unknown account. Cost: the transfers of
    /// this account newer than <paramref name="from"/>, not the whole ledger. Only transfers still in memory: those
    /// forgotten by <see cref="ForgetFinishedBefore"/> are in the store alone.
    /// </summary>
    public IReadOnlyList<Transfer> GetAccountTransfers(UInt128 accountId, DateTimeOffset from, DateTimeOffset until)
    {
        var found = new List<Transfer>();
        if (!_accountIndex.TryGetValue(accountId, out int account))
        {
            return found;
        }

        long fromTicks = from.UtcTicks;
        long untilTicks = until.UtcTicks;
        int i = _accounts[account].LastTransfer;
        while (i >= 0)
        {
            ref readonly var t = ref _transfers[i];
            if (t.Timestamp < fromTicks)
            {
                break;
            }

            if (t.Timestamp < untilTicks)
            {
                found.Add(t.ToTransfer());
            }

            i = t.DebitIndex == account ? t.PrevOfDebit : t.PrevOfCredit;
        }

        found.Reverse();
        return found;
    }

    /// <summary>Every account with its balances, in creation order.</summary>
    public IReadOnlyList<Account> GetAccounts()
    {
        var all = new Account[_accountCount];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = _accounts[i].ToAccount();
        }

        return all;
    }

    /// <summary>
    /// Every transfer in memory, in apply order: those forgotten by <see cref="ForgetFinishedBefore"/> are in the store
    /// alone. To resume an id sequence, use <see cref="HighestSequence"/>, which forgetting does not lower.
    /// </summary>
    public IReadOnlyList<Transfer> GetTransfers()
    {
        var all = new Transfer[_transferCount];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = _transfers[i].ToTransfer();
        }

        return all;
    }

    /// <summary>Sums over all accounts, in 128 bits so they cannot overflow. Debits equal credits, posted and pending alike.</summary>
    public LedgerTotals GetTotals()
    {
        Int128 dp = 0, cp = 0, dq = 0, cq = 0;
        for (int i = 0; i < _accountCount; i++)
        {
            ref readonly var a = ref _accounts[i];
            dp += a.DebitsPosted;
            cp += a.CreditsPosted;
            dq += a.DebitsPending;
            cq += a.CreditsPending;
        }

        return new LedgerTotals(dp, cp, dq, cq);
    }
}

/// <summary>Ledger-wide sums of the four balance fields.</summary>
public readonly record struct LedgerTotals(Int128 DebitsPosted, Int128 CreditsPosted, Int128 DebitsPending, Int128 CreditsPending)
{
    /// <summary>The double-entry invariant: every debit has its credit, posted and pending.</summary>
    public bool IsBalanced => DebitsPosted == CreditsPosted && DebitsPending == CreditsPending;
}
