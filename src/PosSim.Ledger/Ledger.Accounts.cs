using PosSim.Ledger.Internal;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    private const AccountFlags KnownAccountFlags =
        AccountFlags.NoOverdraft | AccountFlags.AllowNegative | AccountFlags.Frozen | AccountFlags.Closed;

    /// <summary>
    /// Opens an account. Checks, in order: InvalidId, InvalidLedger, InvalidCurrency, InvalidFlags,
    /// then Exists / ExistsWithDifferentFields (compared with the flags it was created with).
    /// </summary>
    public LedgerResult CreateAccount(in AccountRequest request)
    {
        long now = Now();
        ExpireDue(now);

        var flags = request.Flags;
        if (request.Id == UInt128.Zero || request.Id == UInt128.MaxValue)
        {
            return LedgerResult.InvalidId;
        }

        if (request.Ledger is not (LedgerKind.Issuer or LedgerKind.Acquirer or LedgerKind.Scheme))
        {
            return LedgerResult.InvalidLedger;
        }

        if (request.Currency is 0 or > 999)
        {
            return LedgerResult.InvalidCurrency;
        }

        bool noOverdraft = (flags & AccountFlags.NoOverdraft) != 0;
        bool allowNegative = (flags & AccountFlags.AllowNegative) != 0;
        if ((flags & ~KnownAccountFlags) != 0 || noOverdraft == allowNegative)
        {
            return LedgerResult.InvalidFlags;
        }

        if (_accountIndex.TryGetValue(request.Id, out int existing))
        {
            ref readonly var a = ref _accounts[existing];
            return a.Ledger == request.Ledger && a.Currency == request.Currency && a.CreationFlags == flags && a.UserData == request.UserData
                ? LedgerResult.Exists
                : LedgerResult.ExistsWithDifferentFields;
        }

        EnsureAccountCapacity();
        int index = _accountCount++;
        _accounts[index] = new AccountSlot
        {
            Id = request.Id,
            Ledger = request.Ledger,
            Currency = request.Currency,
            Flags = flags,
            CreationFlags = flags,
            UserData = request.UserData,
            Timestamp = NextTimestamp(now),
            LastTransfer = -1,
        };
        _accountIndex.Add(request.Id, index);
        TrackAccount(index);
        return LedgerResult.Ok;
    }

    /// <summary>Freezes an account: new transfers touching it are rejected until it is unfrozen. Freezing twice is Ok.</summary>
    public LedgerResult FreezeAccount(UInt128 accountId) => SetFrozen(accountId, frozen: true);

    /// <summary>Lifts a freeze. Unfreezing an account that is not frozen is Ok.</summary>
    public LedgerResult UnfreezeAccount(UInt128 accountId) => SetFrozen(accountId, frozen: false);

    /// <summary>
    /// Closes an account for good. Only an account with nothing pending (AccountHasPendingTransfers)
    /// and a zero posted balance (AccountBalanceNotZero) can be closed. Closing twice is Ok.
    /// </summary>
    public LedgerResult CloseAccount(UInt128 accountId)
    {
        long now = Now();
        ExpireDue(now);
        if (!_accountIndex.TryGetValue(accountId, out int index))
        {
            return LedgerResult.AccountNotFound;
        }

        ref var a = ref _accounts[index];
        if ((a.Flags & AccountFlags.Closed) != 0)
        {
            return LedgerResult.Ok;
        }

        if (a.DebitsPending != 0 || a.CreditsPending != 0)
        {
            return LedgerResult.AccountHasPendingTransfers;
        }

        if (a.DebitsPosted != a.CreditsPosted)
        {
            return LedgerResult.AccountBalanceNotZero;
        }

        a.Flags |= AccountFlags.Closed;
        TrackAccount(index);
        return LedgerResult.Ok;
    }

    private LedgerResult SetFrozen(UInt128 accountId, bool frozen)
    {
        long now = Now();
        ExpireDue(now);
        if (!_accountIndex.TryGetValue(accountId, out int index))
        {
            return LedgerResult.AccountNotFound;
        }

        ref var a = ref _accounts[index];
        if ((a.Flags & AccountFlags.Closed) != 0)
        {
            return LedgerResult.AccountClosed;
        }

        var flags = frozen ? a.Flags | AccountFlags.Frozen : a.Flags & ~AccountFlags.Frozen;
        if (flags != a.Flags)
        {
            a.Flags = flags;
            TrackAccount(index);
        }

        return LedgerResult.Ok;
    }
}
